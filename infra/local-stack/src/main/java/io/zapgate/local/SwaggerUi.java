package io.zapgate.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /docs}: Swagger UI (from the {@code org.webjars:swagger-ui} jar) showing the API's own document at
 * {@code /openapi.yaml}. Local stack only; a deployed stack publishes {@code /openapi.yaml} and any Swagger UI can
 * open it.
 */
final class SwaggerUi {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "html", "text/html; charset=utf-8",
            "map", "application/json");
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Zapgate API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui"});
              </script>
            </body>
            </html>
            """;

    private final String root;

    SwaggerUi() {
        this.root = WEBJAR + version() + "/";
    }

    void serve(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain; charset=utf-8", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/docs") || path.equals("/docs/") || path.equals("/docs/index.html")) {
                send(ex, 200, TYPES.get("html"), PAGE.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String file = path.substring("/docs/".length());
            // only plain file names of the webjar's top folder: no traversal
            if (!file.matches("[A-Za-z0-9._-]+") || file.startsWith(".")) {
                send(ex, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(root + file)) {
                if (in == null) {
                    send(ex, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String ext = file.substring(file.lastIndexOf('.') + 1);
                send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The webjar's version, from its Maven metadata (so a version bump in the POM needs no code change). */
    private static String version() {
        try (InputStream in = SwaggerUi.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("the swagger-ui webjar cannot be read", e);
        }
    }
}
