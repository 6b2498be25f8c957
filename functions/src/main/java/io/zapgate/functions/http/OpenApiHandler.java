package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /openapi.yaml}: the API's OpenAPI 3.1 document ({@code docs/openapi.yaml}, packaged into the functions
 * jar at build time). Public and static: no token, no DynamoDB call (the WAF rule, when enabled, limits it like
 * every route).
 */
public final class OpenApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String DOCUMENT = load();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/yaml; charset=utf-8", "Cache-Control", "max-age=300"))
                .withBody(DOCUMENT)
                .build();
    }

    /** The document as packaged. */
    public static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the functions jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
