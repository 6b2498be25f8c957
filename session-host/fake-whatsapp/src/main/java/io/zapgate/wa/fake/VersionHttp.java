package io.zapgate.wa.fake;

import static io.zapgate.wa.fake.HttpReplies.error;
import static io.zapgate.wa.fake.HttpReplies.param;
import static io.zapgate.wa.fake.HttpReplies.respond;
import static io.zapgate.wa.fake.HttpReplies.respondText;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where clients read the current WhatsApp Web version, on the {@link ControlServer}, plus its control:
 * <ul>
 *   <li>{@code GET /web/}: an HTML page with {@code "client_revision":N,} (the form whatsmeow {@code update.go}
 *       {@code GetLatestVersion} reads with {@code "client_revision":(\d+),} from web.whatsapp.com)</li>
 *   <li>{@code GET /web/sw.js}: JavaScript with the escaped {@code \"client_revision\":N} (Baileys
 *       {@code fetchLatestWaWebVersion} reads web.whatsapp.com/sw.js with
 *       {@code \\?"client_revision\\?":\s*(\d+)})</li>
 *   <li>{@code GET /server/version} and {@code POST /server/version?minimum=V&current=V} (either optional; V is
 *       {@code P.S.T} or a build number): JSON {@code minimum}, {@code current}, {@code clientRevision}</li>
 * </ul>
 * N is the tertiary part of {@link FakeWhatsApp#currentVersion()}.
 */
final class VersionHttp {
    private VersionHttp() {}

    /** Handles {@code /web/…}. */
    static void web(FakeWhatsApp fake, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            long revision = fake.currentVersion().tertiary();
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, error("use GET"));
            } else if (path.equals("/web/") || path.equals("/web")) {
                respondText(exchange, "text/html", page(revision));
            } else if (path.equals("/web/sw.js")) {
                respondText(exchange, "application/javascript", serviceWorker(revision));
            } else {
                respond(exchange, 404, error("unknown page " + path));
            }
        }
    }

    /** Handles {@code /server/version}. */
    static void server(FakeWhatsApp fake, HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/server/version")) {
                respond(exchange, 404, error("unknown path"));
            } else if (method.equals("POST")) {
                String query = exchange.getRequestURI().getQuery();
                try {
                    fake.setVersions(version(param(query, "minimum")), version(param(query, "current")));
                    respond(exchange, 200, state(fake));
                } catch (IllegalArgumentException e) {
                    respond(exchange, 400, error(e.getMessage()));
                }
            } else if (method.equals("GET")) {
                respond(exchange, 200, state(fake));
            } else {
                respond(exchange, 405, error("use GET or POST"));
            }
        }
    }

    static String page(long revision) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>WhatsApp (fake)</title>"
                + "</head><body><div id=\"app\"></div><script>self.__fakeSiteData={\"server_revision\":" + revision
                + ",\"client_revision\":" + revision + ",\"hsi\":\"fake\"};</script></body></html>\n";
    }

    static String serviceWorker(long revision) {
        return "/* fake WhatsApp Web service worker */\nself.__swData=JSON.parse(/*BTDS*/\"{\\\"dynamic_data\\\":"
                + "{\\\"SiteData\\\":{\\\"server_revision\\\":" + revision + ",\\\"client_revision\\\":" + revision
                + "}}}\");\n";
    }

    private static ServedVersion version(String text) {
        return text == null || text.isEmpty() ? null : ServedVersion.parse(text);
    }

    private static Map<String, Object> state(FakeWhatsApp fake) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.put("minimum", fake.minimumVersion().toString());
        json.put("current", fake.currentVersion().toString());
        json.put("clientRevision", fake.currentVersion().tertiary());
        return json;
    }
}
