package io.zapgate.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process KMS speaking the service's JSON 1.1 wire protocol ({@code X-Amz-Target:
 * TrentService.GenerateDataKey} / {@code TrentService.Decrypt}), for the real SDK {@code KmsClient} through
 * {@code endpointOverride}. Data keys are really wrapped with AES-GCM under a per-key master key, with the
 * canonical encryption context as associated data, so a blob opens only under the same context; errors come
 * back as KMS sends them (HTTP 400, {@code {"__type": "InvalidCiphertextException", "message": ...}}).
 *
 * <p>Blob: {@code len(keyArn) || keyArn || nonce(12) || AES-GCM(master, dataKey, aad = context)}.
 */
final class FakeKmsServer implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "111122223333";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, SecretKeySpec> masters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private FakeKmsServer(HttpServer server) {
        this.server = server;
    }

    static FakeKmsServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeKmsServer kms = new FakeKmsServer(s);
        s.createContext("/", kms::handle);
        s.start();
        return kms;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates a symmetric key; returns its ARN. */
    String createKey(String id) {
        byte[] master = new byte[32];
        random.nextBytes(master);
        String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
        masters.put(arn, new SecretKeySpec(master, "AES"));
        return arn;
    }

    /** Disables a key: later requests naming it fail with {@code DisabledException}. */
    void disable(String arn) {
        masters.remove(arn);
    }

    /** How many requests of an operation ({@code GenerateDataKey}, {@code Decrypt}) arrived. */
    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            if (x.getRequestHeaders().getFirst("Authorization") == null) {
                error(x, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
                return;
            }
            JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
            String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            switch (target == null ? "" : target) {
                case "TrentService.GenerateDataKey" -> generateDataKey(x, body);
                case "TrentService.Decrypt" -> decrypt(x, body);
                default -> error(x, "UnknownOperationException", "unknown operation " + target);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void generateDataKey(HttpExchange x, JsonNode body) throws IOException, GeneralSecurityException {
        String arn = arn(body.path("KeyId").asText());
        SecretKeySpec master = masters.get(arn);
        if (master == null) {
            error(x, "NotFoundException", "Key '" + arn + "' does not exist");
            return;
        }
        if (!"AES_256".equals(body.path("KeySpec").asText())) {
            error(x, "ValidationException", "KeySpec must be AES_256 here");
            return;
        }
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, master, nonce, context(body), dataKey, 0, dataKey.length);
        byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
        ByteBuffer blob = ByteBuffer.allocate(2 + arnBytes.length + nonce.length + sealed.length);
        blob.putShort((short) arnBytes.length).put(arnBytes).put(nonce).put(sealed);
        ObjectNode out = JSON.createObjectNode();
        out.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob.array()));
        out.put("Plaintext", Base64.getEncoder().encodeToString(dataKey));
        out.put("KeyId", arn);
        ok(x, out);
    }

    private void decrypt(HttpExchange x, JsonNode body) throws IOException {
        byte[] blob;
        String arn;
        byte[] nonce = new byte[12];
        byte[] sealed;
        try {
            ByteBuffer b = ByteBuffer.wrap(
                    Base64.getDecoder().decode(body.path("CiphertextBlob").asText()));
            byte[] arnBytes = new byte[b.getShort()];
            b.get(arnBytes).get(nonce);
            arn = new String(arnBytes, StandardCharsets.UTF_8);
            sealed = new byte[b.remaining()];
            b.get(sealed);
            blob = sealed;
        } catch (RuntimeException e) {
            error(x, "InvalidCiphertextException", null);
            return;
        }
        SecretKeySpec master = masters.get(arn);
        if (master == null) {
            error(x, "DisabledException", arn + " is disabled.");
            return;
        }
        if (body.hasNonNull("KeyId") && !arn.equals(arn(body.get("KeyId").asText()))) {
            error(x, "IncorrectKeyException", "The key ID in the request does not identify the key used");
            return;
        }
        byte[] dataKey;
        try {
            dataKey = gcm(Cipher.DECRYPT_MODE, master, nonce, context(body), blob, 0, blob.length);
        } catch (GeneralSecurityException e) {
            // KMS answers a wrong encryption context or a tampered blob alike, with no message
            error(x, "InvalidCiphertextException", null);
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("KeyId", arn);
        out.put("Plaintext", Base64.getEncoder().encodeToString(dataKey));
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        ok(x, out);
    }

    private static String arn(String keyId) {
        return keyId.startsWith("arn:") ? keyId : "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
    }

    /** The encryption context, canonical (sorted by key), as associated data. */
    private static byte[] context(JsonNode body) {
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        body.path("EncryptionContext").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue().asText());
        }
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] aad, byte[] in, int off, int len)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(in, off, len);
    }

    private static void ok(HttpExchange x, ObjectNode out) throws IOException {
        send(x, 200, JSON.writeValueAsBytes(out), null);
    }

    private static void error(HttpExchange x, String type, String message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", type);
        if (message != null) {
            out.put("message", message);
        }
        send(x, 400, JSON.writeValueAsBytes(out), type);
    }

    private static void send(HttpExchange x, int status, byte[] body, String errorType) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        x.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (errorType != null) {
            x.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
