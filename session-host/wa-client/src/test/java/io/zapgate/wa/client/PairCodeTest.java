package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.AesGcm;
import io.zapgate.wa.crypto.Hkdf;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.events.PairingCode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PairCodeTest {

    @Test
    void codeHasEightSymbolsOfTheAlphabet() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            String code = PairCodeCrypto.newCode(random);
            assertThat(code).matches("[1-9A-HJ-NP-TV-Z]{8}");
            assertThat(PairCodeCrypto.display(code)).matches("[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}");
        }
    }

    @Test
    void wrappingUsesPbkdf2AndCtrWithTheIvAsCounter() throws Exception {
        byte[] pub = KeyPair.generate().publicKey();
        byte[] wrapped = PairCodeCrypto.wrap("ABCDEFGH", pub, new SecureRandom());
        assertThat(wrapped).hasSize(80);
        assertThat(PairCodeCrypto.unwrap("ABCDEFGH", wrapped)).isEqualTo(pub);
        assertThat(PairCodeCrypto.unwrap("ABCDEFGX", wrapped)).isNotEqualTo(pub);
        // independent recomputation: PBKDF2 via javax with the documented iteration count, then AES-CTR
        var spec = new javax.crypto.spec.PBEKeySpec("ABCDEFGH".toCharArray(), Arrays.copyOf(wrapped, 32), 131072, 256);
        byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(spec)
                .getEncoded();
        var cipher = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(
                javax.crypto.Cipher.DECRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.IvParameterSpec(Arrays.copyOfRange(wrapped, 32, 48)));
        assertThat(cipher.doFinal(Arrays.copyOfRange(wrapped, 48, 80))).isEqualTo(pub);
    }

    @Test
    void ctrStartsAtTheIvAndPbkdf2GivesA256BitKey() {
        byte[] salt = "salt".getBytes(StandardCharsets.US_ASCII);
        assertThat(PairCodeCrypto.PBKDF2_ITERATIONS).isEqualTo(131072);
        assertThat(PairCodeCrypto.codeKey("ABCDEFGH", salt)).hasSize(32);
        // AES-256(key 0, block 0) = dc95...; with IV 0 the first CTR keystream block is exactly that
        assertThat(HexFormat.of().formatHex(PairCodeCrypto.ctr(new byte[32], new byte[16], new byte[16])))
                .isEqualTo("dc95c078a2408989ad48a21492842087");
    }

    @Test
    void phoneNumbersAreValidated() {
        assertThat(PairCodeFlow.normalizePhone("+1 (555) 123-4567")).isEqualTo("15551234567");
        assertThatThrownBy(() -> PairCodeFlow.normalizePhone("123456")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairCodeFlow.normalizePhone("015551234567"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairCodeFlow.normalizePhone("1234567890123456"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullExchangeDerivesTheSameAdvSecretAsThePhone() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        var codeFuture = h.client.requestPairingCode("+1 555 123 4567");
        Node hello = link.next(FakeLink.iq("md"));
        Node reg = hello.child("link_code_companion_reg").orElseThrow();
        assertThat(reg.attr("stage")).contains("companion_hello");
        assertThat(reg.jidAttr("jid")).contains(Jid.of("15551234567", "s.whatsapp.net"));
        assertThat(child(reg, "companion_server_auth_key_pub"))
                .isEqualTo(h.client.device().noiseKey().publicKey());
        assertThat(new String(child(reg, "companion_platform_display"), StandardCharsets.UTF_8))
                .isEqualTo("Chrome (Linux)");
        link.receive(FakeLink.result(
                hello,
                Node.builder("link_code_companion_reg")
                        .children(Node.builder("link_code_pairing_ref")
                                .content("REF1".getBytes(StandardCharsets.UTF_8))
                                .build())
                        .build()));
        String shown = codeFuture.get(20, TimeUnit.SECONDS);
        assertThat(h.await(PairingCode.class).code()).isEqualTo(shown);
        String code = shown.replace("-", "");

        // phone side (spec §5.2)
        byte[] companionEph =
                PairCodeCrypto.unwrap(code, child(reg, "link_code_pairing_wrapped_companion_ephemeral_pub"));
        KeyPair phoneEph = KeyPair.generate();
        KeyPair phoneIdentity = KeyPair.generate();
        link.receive(Node.builder("notification")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "link_code_companion_reg")
                .attr("id", "n1")
                .children(Node.builder("link_code_companion_reg")
                        .attr("stage", "primary_hello")
                        .children(
                                Node.builder("link_code_pairing_ref")
                                        .content("REF1".getBytes(StandardCharsets.UTF_8))
                                        .build(),
                                Node.builder("primary_identity_pub")
                                        .content(phoneIdentity.publicKey())
                                        .build(),
                                Node.builder("link_code_pairing_wrapped_primary_ephemeral_pub")
                                        .content(PairCodeCrypto.wrap(code, phoneEph.publicKey(), new SecureRandom()))
                                        .build())
                        .build())
                .build());
        Node ack = link.next(n -> n.tag().equals("ack"));
        assertThat(ack.attr("id")).contains("n1");
        Node finish = link.next(FakeLink.iq("md"));
        Node fin = finish.child("link_code_companion_reg").orElseThrow();
        assertThat(fin.attr("stage")).contains("companion_finish");
        byte[] bundle = child(fin, "link_code_pairing_wrapped_key_bundle");
        assertThat(bundle).hasSize(156);
        byte[] ephShared = phoneEph.agree(companionEph);
        byte[] bundleKey = Hkdf.derive(
                Arrays.copyOf(bundle, 32),
                ephShared,
                "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII),
                32);
        byte[] plain =
                AesGcm.open(bundleKey, Arrays.copyOfRange(bundle, 32, 44), Arrays.copyOfRange(bundle, 44, 156), null);
        byte[] companionIdentity = h.client.device().identityKey().publicKey();
        assertThat(Arrays.copyOf(plain, 32)).isEqualTo(companionIdentity);
        assertThat(Arrays.copyOfRange(plain, 32, 64)).isEqualTo(phoneIdentity.publicKey());
        byte[] expectedAdv = PairCodeCrypto.advSecret(
                ephShared, phoneIdentity.agree(companionIdentity), Arrays.copyOfRange(plain, 64, 96));
        assertThat(h.client.device().advSecretKey()).isEqualTo(expectedAdv);
        link.receive(FakeLink.result(finish));
    }

    private static byte[] child(Node parent, String tag) {
        return parent.child(tag).flatMap(Node::contentBytes).orElseThrow();
    }
}
