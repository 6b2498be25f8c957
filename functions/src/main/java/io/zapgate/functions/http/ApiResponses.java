package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the contract's envelopes: {@code {"success":true,"message":…}} and the error envelope. */
public final class ApiResponses {
    private ApiResponses() {}

    public static ObjectNode success(String message) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("success", true);
        n.put("message", message);
        return n;
    }

    public static APIGatewayV2HTTPResponse json(int status, ObjectNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body.toString())
                .withIsBase64Encoded(false)
                .build();
    }

    public static APIGatewayV2HTTPResponse error(int status, String message) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("success", false);
        n.putObject("error").put("message", message);
        return json(status, n);
    }
}
