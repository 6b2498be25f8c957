package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;

/** Builds API Gateway HTTP API events as the gateway would send them. */
final class Events {
    private Events() {}

    static APIGatewayV2HTTPEvent request(
            String method, String routeKey, String instance, String token, String body, Map<String, String> query) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("token", token);
        }
        headers.put("content-type", "application/json");
        Map<String, String> path = instance == null ? null : Map.of("instance", instance);
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withHeaders(headers)
                .withPathParameters(path)
                .withQueryStringParameters(query)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("req-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withSourceIp("192.0.2.1")
                                .withPath("/")
                                .build())
                        .build())
                .build();
    }
}
