package io.zapgate.functions.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts with the JDK HTTP client: no redirects followed (a redirect is a failure), bounded timeouts. */
public final class HttpWebhookSender implements WebhookSender {
    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout the whole call (connect included); 3 URLs in a row must fit in the function's timeout */
    public HttpWebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.dividedBy(2)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public int post(String url, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad webhook URL or header", e);
        }
    }
}
