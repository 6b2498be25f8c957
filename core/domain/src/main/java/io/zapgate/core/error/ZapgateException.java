package io.zapgate.core.error;

/**
 * The one exception family of the domain. Its message is the client-facing message (part of the
 * contract: clients match on it), so it never carries secrets or internals; the cause carries those.
 */
public class ZapgateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public ZapgateException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ZapgateException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ZapgateException badRequest(String message) {
        return new ZapgateException(ErrorCode.BAD_REQUEST, message);
    }

    public static ZapgateException notFound(String message) {
        return new ZapgateException(ErrorCode.NOT_FOUND, message);
    }

    public static ZapgateException conflict(String message) {
        return new ZapgateException(ErrorCode.CONFLICT, message);
    }

    public static ZapgateException unauthorized(String message) {
        return new ZapgateException(ErrorCode.UNAUTHORIZED, message);
    }

    public static ZapgateException forbidden(String message) {
        return new ZapgateException(ErrorCode.FORBIDDEN, message);
    }
}
