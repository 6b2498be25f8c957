package io.zapgate.bench;

import io.zapgate.wa.noise.CertificateVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake WhatsApp server + phone ({@code io.zapgate.wa.fake.FakeWhatsAppMain}) in a child JVM on loopback, so
 * the measured JVM holds only clients. Runs the standalone jar given by {@code -Dbench.fakeJar=PATH} if it
 * exists, else the main class from this JVM's class path. Reads the {@code FAKE_WHATSAPP_*} lines it prints;
 * links companions through its HTTP control port ({@code POST /phone/scan}).
 */
final class FakeWhatsAppProcess implements AutoCloseable {
    private static final Pattern IQ_COUNT = Pattern.compile("\"iqCount\"\\s*:\\s*(\\d+)");
    private static final Pattern PUSHED = Pattern.compile("\"pushed\"\\s*:\\s*(\\d+)");

    private final Process process;
    private final Map<String, String> vars;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FakeWhatsAppProcess(Process process, Map<String, String> vars) {
        this.process = process;
        this.vars = vars;
    }

    /**
     * Starts the child and waits (≤ 60 s) for its five {@code FAKE_WHATSAPP_*} lines.
     *
     * @param maxHeap the child's {@code -Xmx}
     * @param options {@code FakeWhatsAppMain} options, e.g. {@code --phone 15550000001}
     */
    static FakeWhatsAppProcess start(String maxHeap, String... options) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseParallelGC"));
        String jar = System.getProperty("bench.fakeJar", "");
        if (!jar.isEmpty() && Files.isRegularFile(Path.of(jar))) {
            cmd.addAll(List.of("-jar", jar));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.zapgate.wa.fake.FakeWhatsAppMain"));
        }
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> vars = new HashMap<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform()
                .daemon()
                .name("fake-whatsapp-stdout")
                .start(() -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            int eq = line.indexOf('=');
                            if (line.startsWith("FAKE_WHATSAPP_") && eq > 0) {
                                synchronized (vars) {
                                    vars.put(
                                            line.substring(0, eq),
                                            line.substring(eq + 1).strip());
                                    if (vars.containsKey("FAKE_WHATSAPP_CONTROL_URL")) {
                                        ready.complete(null);
                                    }
                                }
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    ready.completeExceptionally(new IllegalStateException("fake WhatsApp exited early"));
                });
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            reader.interrupt();
            throw new IllegalStateException("fake WhatsApp did not start: " + e, e);
        }
        synchronized (vars) {
            return new FakeWhatsAppProcess(p, Map.copyOf(vars));
        }
    }

    long pid() {
        return process.pid();
    }

    String phone() {
        return vars.get("FAKE_WHATSAPP_PHONE");
    }

    URI wsUrl() {
        return URI.create(vars.get("FAKE_WHATSAPP_WS_URL"));
    }

    URI controlUrl() {
        return URI.create(vars.get("FAKE_WHATSAPP_CONTROL_URL"));
    }

    /** The child's TEST root public key, hex (for a session host's {@code ZAPGATE_WA_ROOT_KEY}). */
    String rootPublicKeyHex() {
        return vars.get("FAKE_WHATSAPP_ROOT_PUBLIC_KEY");
    }

    /** Trusts the child's TEST root key (never WhatsApp's). */
    CertificateVerifier certificateVerifier() {
        return CertificateVerifier.trusting(
                HexFormat.of().parseHex(vars.get("FAKE_WHATSAPP_ROOT_PUBLIC_KEY")),
                Integer.parseInt(vars.getOrDefault("FAKE_WHATSAPP_ROOT_SERIAL", "0")),
                Clock.systemUTC());
    }

    /** {@code POST /phone/scan} with the QR; the fake answers once the companion finished pairing. */
    CompletableFuture<String> scan(String qr) {
        HttpRequest req = HttpRequest.newBuilder(controlUrl().resolve("/phone/scan"))
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(qr))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("scan failed: " + r.statusCode() + " " + r.body());
            }
            return r.body();
        });
    }

    /**
     * {@code POST /phone/push?kind=KIND} with body {@code all}: one stanza of that kind to every logged-in, active
     * companion of this fake; completes with how many went out.
     */
    CompletableFuture<Integer> pushToAll(String kind) {
        HttpRequest req = HttpRequest.newBuilder(controlUrl().resolve("/phone/push?kind=" + kind))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("all"))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Matcher m = PUSHED.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("push failed: " + r.statusCode() + " " + r.body());
            }
            return Integer.parseInt(m.group(1));
        });
    }

    /** The fake's counters ({@code GET /phone/stats}) as JSON text. */
    String stats() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(controlUrl().resolve("/phone/stats"))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("stats failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** CPU time the child has used so far (zero if the OS does not say). */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** IQs the fake received so far ({@code iqCount} of {@code GET /phone/state}). */
    long iqCount() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(controlUrl().resolve("/phone/state"))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = IQ_COUNT.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no iqCount in /phone/state");
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
