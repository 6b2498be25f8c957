package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.SamTemplate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against the template and the running local stack: every HTTP route of the template has its
 * operation and every operation a route; the stack serves the document at {@code /openapi.yaml} and Swagger UI at
 * {@code /docs}; and the checker {@link Api} runs every end-to-end response through does reject what the document
 * does not allow (so it cannot pass by accident).
 */
class OpenApiTest {
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = StackFixture.start(StackFixture.clock(), null, java.util.Map.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyTemplateRouteIsInTheDocumentAndEveryOperationIsARoute() {
        Set<String> routes = SamTemplate.parse(LocalStack.templateText()).functions().stream()
                .flatMap(f -> f.routes().stream())
                .filter(r -> !r.path().equals("$default"))
                .map(r -> r.method().toUpperCase(Locale.ROOT) + " " + r.path())
                .collect(Collectors.toSet());
        Set<String> operations = OpenApiContract.get().operations().stream()
                .map(o -> o.method() + " " + o.path())
                .collect(Collectors.toSet());
        assertThat(routes).isNotEmpty();
        assertThat(operations).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void theStackServesTheDocumentAndSwaggerUi() throws Exception {
        Api api = new Api(stack.baseUrl());
        var doc = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/openapi.yaml"))
                .GET()
                .build());
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.header("Content-Type")).startsWith("application/yaml");
        assertThat(doc.raw().body()).startsWith("openapi: 3.1.0").contains("/api/instance/connect/{instance}");

        var page = api.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/docs")).GET().build());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("SwaggerUIBundle").contains("/openapi.yaml");
        var bundle = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/docs/swagger-ui-bundle.js"))
                .GET()
                .build());
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        assertThat(bundle.raw().body().length()).isGreaterThan(100_000);
        var traversal = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/docs/..%2Fswagger-ui.css"))
                .GET()
                .build());
        assertThat(traversal.status()).isEqualTo(404);
    }

    @Test
    void theCheckerRejectsWhatTheDocumentDoesNotAllow() {
        OpenApiContract c = OpenApiContract.get();
        String json = "application/json; charset=utf-8";
        assertThat(c.problems(
                        "GET",
                        "/api/instance/list",
                        200,
                        json,
                        "{\"success\":true,\"message\":\"0 Instances found\",\"instances\":[]}"))
                .isEmpty();
        // a payload missing, a wrong state, an error with extra fields, a success flag on an error status
        assertThat(c.problems("GET", "/api/instance/list", 200, json, "{\"success\":true,\"message\":\"x\"}"))
                .isNotEmpty();
        assertThat(c.problems(
                        "GET",
                        "/api/instance/list",
                        200,
                        json,
                        "{\"success\":true,\"message\":\"1 Instance found\",\"instances\":[{\"id\":\"i\",\"name\":\"a\","
                                + "\"connection\":{\"state\":\"online\"}}]}"))
                .isNotEmpty();
        assertThat(c.problems(
                        "GET",
                        "/api/instance/list",
                        401,
                        json,
                        "{\"success\":false,\"error\":{\"message\":\"Invalid token\"},\"x\":1}"))
                .isNotEmpty();
        assertThat(c.problems("DELETE", "/api/instance/logout/a", 500, json, "{\"success\":true,\"message\":\"ok\"}"))
                .isNotEmpty();
        assertThat(c.problems(
                        "GET",
                        "/api/instance/connect/a",
                        200,
                        json,
                        "{\"success\":true,\"message\":\"QR code generated\",\"status\":\"qr\"}"))
                .as("a QR answer without the code")
                .isNotEmpty();
        assertThat(c.problems("GET", "/no/such/route", 404, "text/plain", "Not Found"))
                .isNotEmpty();
        assertThat(c.problems(
                        "GET",
                        "/no/such/route",
                        404,
                        json,
                        "{\"success\":false,\"error\":{\"message\":\"Route not found: GET /no/such/route\"}}"))
                .isEmpty();
        assertThat(c.find("GET", "/api/instance/connect/a")).isPresent();
        assertThat(c.find("GET", "/api/instance/connect/")).isEmpty();
        assertThat(List.of(
                        c.find("DELETE", "/api/instance/delete").orElseThrow().path()))
                .containsExactly("/api/instance/delete");
    }
}
