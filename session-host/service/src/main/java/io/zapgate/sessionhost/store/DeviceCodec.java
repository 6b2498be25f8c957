package io.zapgate.sessionhost.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.SignedPreKey;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.StoreException;
import java.util.Base64;

/**
 * Device ↔ versioned JSON (the plaintext that {@link DynamoDbDeviceStore} encrypts). Every field of a
 * {@link Device} round-trips; public keys are derived again from the private keys. The text holds private
 * keys: it only ever leaves this class encrypted, and it is never logged.
 */
final class DeviceCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private DeviceCodec() {}

    static String encode(Device d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION)
                .put("noiseKey", B64.encodeToString(d.noiseKey().privateKey()))
                .put("identityKey", B64.encodeToString(d.identityKey().privateKey()))
                .put("signedPreKeyId", d.signedPreKey().id())
                .put(
                        "signedPreKey",
                        B64.encodeToString(d.signedPreKey().keyPair().privateKey()))
                .put(
                        "signedPreKeySignature",
                        B64.encodeToString(d.signedPreKey().signature()))
                .put("registrationId", d.registrationId())
                .put("advSecretKey", B64.encodeToString(d.advSecretKey()))
                .put("platform", d.platform())
                .put("businessName", d.businessName())
                .put("pushName", d.pushName());
        d.jid().ifPresent(j -> n.put("jid", j.toString()));
        d.lid().ifPresent(j -> n.put("lid", j.toString()));
        d.account().ifPresent(a -> n.put("account", B64.encodeToString(a)));
        return n.toString();
    }

    /** @throws StoreException when the text is not a device of a known version */
    static Device decode(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.path("v").asInt() != VERSION) {
                throw new StoreException("saved session has an unknown format version", null);
            }
            KeyPair identity = KeyPair.fromPrivate(bytes(n, "identityKey"));
            SignedPreKey signed = SignedPreKey.of(
                    n.path("signedPreKeyId").asInt(),
                    KeyPair.fromPrivate(bytes(n, "signedPreKey")),
                    bytes(n, "signedPreKeySignature"));
            return Device.restore(
                    KeyPair.fromPrivate(bytes(n, "noiseKey")),
                    identity,
                    signed,
                    n.path("registrationId").asInt(),
                    bytes(n, "advSecretKey"),
                    jid(n, "jid"),
                    jid(n, "lid"),
                    n.hasNonNull("account") ? bytes(n, "account") : null,
                    n.path("platform").asText(""),
                    n.path("businessName").asText(""),
                    n.path("pushName").asText(""));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new StoreException("saved session is malformed", e);
        }
    }

    private static byte[] bytes(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return UNB64.decode(v.asText());
    }

    private static Jid jid(JsonNode n, String field) {
        return n.hasNonNull(field) ? Jid.parse(n.get(field).asText()) : null;
    }
}
