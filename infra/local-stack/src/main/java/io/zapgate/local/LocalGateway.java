package io.zapgate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zapgate.core.log.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The local API Gateway: a JDK HTTP server whose routes are the template's HttpApi events, each invoking its
 * function's handler with an {@link APIGatewayV2HTTPEvent}. Requests run on virtual threads.
 */
final class LocalGateway implements AutoCloseable {
    private static final Log LOG = Log.get(LocalGateway.class);
    private final HttpServer server;
    private final RouteTable<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes;
    private final ConsoleFiles console;

    LocalGateway(
            String bind,
            int port,
            RouteTable<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes,
            String streamUrl)
            throws IOException {
        this.routes = routes;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.createContext("/docs", new SwaggerUi()::serve);
        ConsoleFiles console = new ConsoleFiles(streamUrl);
        server.createContext("/console", console::serve);
        this.console = console;
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getRawPath().equals("/") && "GET".equals(ex.getRequestMethod())) {
            console.serve(ex); // the web console's page; every other path is the API's
            return;
        }
        try {
            byte[] body = HttpEvents.readBody(ex.getRequestBody());
            if (body == null) {
                HttpEvents.writePlain(ex, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            Optional<RouteTable.Match<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> m =
                    routes.match(
                            ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
                            ex.getRequestURI().getRawPath());
            if (m.isEmpty()) {
                HttpEvents.writePlain(ex, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            APIGatewayV2HTTPEvent event = HttpEvents.toEvent(ex, m.get(), body);
            APIGatewayV2HTTPResponse response = m.get().target().handleRequest(event, null);
            HttpEvents.write(ex, response);
        } catch (RuntimeException e) {
            // like API Gateway when a function fails: the handler is at fault, the client sees a plain 500
            LOG.error("handler failed", e, "path", ex.getRequestURI().getRawPath());
            HttpEvents.writePlain(ex, 500, "{\"message\":\"Internal Server Error\"}");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
