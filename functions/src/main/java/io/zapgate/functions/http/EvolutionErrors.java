package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;

/**
 * Evolution API v2's error shape {@code {status, error, response:{message}}}: {@code message} is an array of
 * strings for 4xx (Zapgate's field-level messages go there), the plain string {@code "Unauthorized"} for 401 and
 * a string for 5xx.
 */
public final class EvolutionErrors {
    private static final Log LOG = Log.get(EvolutionErrors.class);
    public static final String UNAUTHORIZED = "Unauthorized";

    private EvolutionErrors() {}

    /** An error answered exactly as Evolution words it. */
    public static final class Error extends RuntimeException {
        final int status;
        final transient JsonNode message;

        Error(int status, JsonNode message) {
            super(message.toString(), null, false, false);
            this.status = status;
            this.message = message;
        }
    }

    public static Error badRequest(String message) {
        return new Error(400, array(message));
    }

    public static Error notConnected(String instanceName) {
        return badRequest("The \"" + instanceName + "\" instance is not connected");
    }

    public static Error notFound(String instanceName) {
        return new Error(404, array("The \"" + instanceName + "\" instance does not exist"));
    }

    public static Error nameTaken(String instanceName) {
        return new Error(403, array("This name \"" + instanceName + "\" is already in use."));
    }

    /** Any failure of an Evolution route in Evolution's shape; {@code instanceName} fills the 404 message. */
    public static APIGatewayV2HTTPResponse map(Throwable t, String instanceName) {
        if (t instanceof Error e) {
            return body(e.status, e.message);
        }
        if (t instanceof ZapgateException z) {
            int s = z.code().httpStatus();
            if (s == 401) {
                return body(401, TextNode.valueOf(UNAUTHORIZED));
            }
            if (s == 404 && Messages.INSTANCE_NOT_FOUND.equals(z.getMessage())) {
                return map(notFound(instanceName), instanceName);
            }
            if (s == 409 && Messages.INSTANCE_NAME_TAKEN.equals(z.getMessage())) {
                return map(nameTaken(instanceName), instanceName);
            }
            if (s >= 500) {
                LOG.warn("request failed", z.getCause() == null ? z : z.getCause(), "status", s);
                return body(s, TextNode.valueOf(z.getMessage()));
            }
            return body(s, array(z.getMessage()));
        }
        LOG.error("unexpected failure", t);
        return body(500, TextNode.valueOf("Internal server error"));
    }

    static JsonNode array(String message) {
        return JsonBody.MAPPER.createArrayNode().add(message);
    }

    static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    static APIGatewayV2HTTPResponse body(int status, JsonNode message) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("status", status);
        n.put("error", phrase(status));
        n.putObject("response").set("message", message);
        return ApiResponses.json(status, n);
    }
}
