package io.zapgate.wa.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the current WhatsApp Web build from a page, like whatsmeow {@code update.go} GetLatestVersion (GET
 * {@code https://web.whatsapp.com/} with browser-like headers, regex {@code "client_revision":(\d+),}) and
 * Baileys {@code fetchLatestWaWebVersion} ({@code sw.js}, where the quotes are escaped). The result is
 * {@code 2.3000.<client_revision>}. Any failure (transport, timeout, non-2xx status, no or bad revision) is an
 * {@link IOException} whose message says why.
 */
final class VersionPage implements AppVersionProvider.Source {
    /** {@code "client_revision":123} on the HTML page, {@code \"client_revision\":123} inside sw.js. */
    static final Pattern REVISION = Pattern.compile("\\\\?\"client_revision\\\\?\"\\s*:\\s*(\\d+)");

    /** Primary and secondary of every WhatsApp Web build (whatsmeow update.go returns {2, 3000, revision}). */
    private static final String PREFIX = "2.3000.";

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    VersionPage(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public WaVersion fetch() throws IOException {
        HttpResponse<byte[]> response = send(request());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new IOException("HTTP status " + status);
        }
        return parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** @return {@code 2.3000.<revision>} from the first revision on {@code page} */
    static WaVersion parse(String page) throws IOException {
        Matcher match = REVISION.matcher(page);
        if (!match.find()) {
            throw new IOException("no client_revision on the page");
        }
        try {
            return WaVersion.parse(PREFIX + match.group(1));
        } catch (IllegalArgumentException e) {
            throw new IOException("unusable client_revision " + match.group(1), e);
        }
    }

    /** Header set of whatsmeow update.go GetLatestVersion (a browser navigating to the page). */
    private HttpRequest request() {
        return HttpRequest.newBuilder(url)
                .GET()
                .timeout(timeout)
                .header(
                        "User-Agent",
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/148.0.0.0 Safari/537.36")
                .header("Sec-Fetch-Dest", "document")
                .header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Site", "none")
                .header("Sec-Fetch-User", "?1")
                .header(
                        "Accept",
                        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                                + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
                .header("Accept-Language", "en-US,en;q=0.9")
                .build();
    }

    /** Sends with an overall deadline (the request timeout alone does not cover reading the body). */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching");
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException(
                    "no complete answer within " + timeout.multipliedBy(2).toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
    }

    /** Stops the HTTP client's threads; a fetch in flight fails. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
