package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;

/**
 * The one place domain errors become HTTP: a {@link ZapgateException} keeps its status and message; anything
 * else is a bug, logged at ERROR with its stack and answered with a plain 500 envelope (no internals).
 */
public final class HttpErrorMapper {
    private static final Log LOG = Log.get(HttpErrorMapper.class);

    private HttpErrorMapper() {}

    public static APIGatewayV2HTTPResponse map(Throwable t) {
        if (t instanceof ZapgateException z) {
            if (z.code().httpStatus() >= 500) {
                LOG.warn(
                        "request failed",
                        z.getCause() == null ? z : z.getCause(),
                        "status",
                        z.code().httpStatus());
            }
            return ApiResponses.error(z.code().httpStatus(), z.getMessage());
        }
        LOG.error("unexpected failure", t);
        return ApiResponses.error(500, "Internal server error");
    }
}
