package io.zapgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real-HTTP client for the end-to-end suites. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.at("/error/message").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("token", token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            checkAgainstOpenApi(request, r);
            boolean json = r.headers()
                    .firstValue("Content-Type")
                    .orElse("application/json")
                    .startsWith("application/json");
            JsonNode node =
                    r.body() == null || r.body().isEmpty() || !json ? JSON.createObjectNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), node, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every JSON response the suites receive must match docs/openapi.yaml: the operation's schema for its status
     * (or its default), or the error envelope for a request the document does not describe. Not checked: the
     * gateway's own 413 for a body over API Gateway's limit (API Gateway answers that, not Zapgate) and
     * the local stack's Swagger UI under /docs and web console at / and /console/ (static pages, not API routes).
     */
    private void checkAgainstOpenApi(HttpRequest request, HttpResponse<String> r) {
        if (!request.uri().toString().startsWith(base)) {
            return; // another server (the fake phone's control port, a webhook receiver)
        }
        String path = request.uri().getRawPath();
        if (r.statusCode() == 413
                || path.equals("/docs")
                || path.startsWith("/docs/")
                || (path.equals("/") && request.method().equals("GET"))
                || path.startsWith("/console/")) {
            return; // API Gateway's own answer; the local stack's Swagger UI and console pages (not API routes)
        }
        java.util.List<String> problems = OpenApiContract.get()
                .problems(
                        request.method(),
                        request.uri().getRawPath(),
                        r.statusCode(),
                        r.headers().firstValue("Content-Type").orElse(""),
                        r.body());
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "response of " + request.method() + " " + request.uri().getRawPath() + " ("
                            + r.statusCode() + ") does not match docs/openapi.yaml: " + problems + "; body: "
                            + (r.body().length() > 500 ? r.body().substring(0, 500) + "…" : r.body()));
        }
    }

    String base() {
        return base;
    }

    Reply get(String path, String token) {
        return call("GET", path, token, null);
    }

    Reply post(String path, String token, String body) {
        return call("POST", path, token, body);
    }

    Reply delete(String path, String token) {
        return call("DELETE", path, token, null);
    }
}
