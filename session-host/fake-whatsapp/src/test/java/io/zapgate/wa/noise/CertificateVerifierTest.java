package io.zapgate.wa.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.proto.CertChain;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CertificateVerifierTest {
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");
    private final KeyPair root = KeyPair.generate();
    private final KeyPair serverStatic = KeyPair.generate();
    private final CertificateVerifier verifier = CertificateVerifier.trusting(root.publicKey(), 0, clock(NOW));

    private CertificateIssuer.Builder issuer() {
        return CertificateIssuer.builder(root).validity(FROM, UNTIL);
    }

    private byte[] validChain() {
        return issuer().build().issue(serverStatic.publicKey());
    }

    @Test
    void validChainIsAccepted() {
        assertThatCode(() -> verifier.validate(validChain(), serverStatic.publicKey()))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.validate(validChain(), serverStatic.publicKey()))
                .doesNotThrowAnyException();
        assertThatCode(() -> CertificateVerifier.trusting(root.publicKey(), 0, clock(FROM))
                        .validate(validChain(), serverStatic.publicKey()))
                .as("notBefore inclusive")
                .doesNotThrowAnyException();
        assertThatCode(() -> CertificateVerifier.trusting(root.publicKey(), 0, clock(UNTIL))
                        .validate(validChain(), serverStatic.publicKey()))
                .as("notAfter inclusive")
                .doesNotThrowAnyException();
    }

    @Test
    void defaultTrustsWhatsAppRoot() {
        assertThat(CertificateVerifier.whatsApp().trustedRootKey())
                .isEqualTo(java.util.HexFormat.of()
                        .parseHex("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b"));
        assertThatThrownBy(
                        () -> CertificateVerifier.whatsApp(clock(NOW)).validate(validChain(), serverStatic.publicKey()))
                .isInstanceOf(IntermediateSignatureException.class);
    }

    @Test
    void untrustedRootIsRefused() {
        byte[] chain = CertificateIssuer.builder(KeyPair.generate())
                .validity(FROM, UNTIL)
                .build()
                .issue(serverStatic.publicKey());
        assertRefused(
                chain,
                IntermediateSignatureException.class,
                "intermediate certificate is not signed by the trusted root key");
    }

    @Test
    void badIntermediateSignatureIsRefused() {
        byte[] chain = mutate(
                validChain(),
                c -> c.setIntermediate(c.getIntermediate().toBuilder()
                        .setSignature(flip(c.getIntermediate().getSignature(), 10))));
        assertRefused(chain, IntermediateSignatureException.class, "not signed by the trusted root");
    }

    @Test
    void badLeafSignatureIsRefused() {
        byte[] chain = mutate(
                validChain(),
                c -> c.setLeaf(
                        c.getLeaf().toBuilder().setSignature(flip(c.getLeaf().getSignature(), 40))));
        assertRefused(chain, LeafSignatureException.class, "leaf certificate is not signed by the intermediate key");
        byte[] otherIntermediate = mutate(
                validChain(),
                c -> c.setLeaf(CertChain.NoiseCertificate.parseFrom(
                        childChain().getLeaf().toByteArray())));
        assertRefused(otherIntermediate, LeafSignatureException.class, "leaf certificate");
    }

    @Test
    void issuerSerialMismatchesAreRefused() {
        assertRefused(
                issuer().leafIssuerSerial(7).build().issue(serverStatic.publicKey()),
                LeafIssuerSerialException.class,
                "unexpected leaf issuer serial 7 (expected intermediate serial 1)");
        assertRefused(
                issuer().rootSerial(1).build().issue(serverStatic.publicKey()),
                IntermediateIssuerSerialException.class,
                "unexpected intermediate issuer serial 1 (expected 0)");
    }

    @Test
    void expiredCertificatesAreRefused() {
        Instant past = NOW.minusSeconds(1);
        assertRefused(
                issuer().validity(FROM, past).leafValidity(FROM, UNTIL).build().issue(serverStatic.publicKey()),
                ExpiredCertificateException.class,
                "intermediate certificate expired");
        assertRefused(
                issuer().leafValidity(FROM, past).build().issue(serverStatic.publicKey()),
                ExpiredCertificateException.class,
                "leaf certificate expired");
    }

    @Test
    void notYetValidCertificatesAreRefused() {
        Instant future = NOW.plusSeconds(1);
        assertRefused(
                issuer().validity(future, UNTIL)
                        .leafValidity(FROM, UNTIL)
                        .build()
                        .issue(serverStatic.publicKey()),
                NotYetValidCertificateException.class,
                "intermediate certificate not valid yet");
        assertRefused(
                issuer().leafValidity(future, UNTIL).build().issue(serverStatic.publicKey()),
                NotYetValidCertificateException.class,
                "leaf certificate not valid yet");
    }

    @Test
    void leafKeyOtherThanServerStaticIsRefused() {
        assertRefused(
                issuer().build().issue(KeyPair.generate().publicKey()),
                LeafKeyMismatchException.class,
                "leaf key does not match server static key");
    }

    @Test
    void malformedChainsAreRefused() {
        assertRefused(new byte[] {(byte) 0xff, 0x01}, MalformedCertificateException.class, "failed to unmarshal");
        assertRefused(
                mutate(validChain(), CertChain.Builder::clearLeaf),
                MalformedCertificateException.class,
                "missing parts of noise certificate");
        assertRefused(
                mutate(
                        validChain(),
                        c -> c.setIntermediate(c.getIntermediate().toBuilder()
                                .setSignature(c.getIntermediate().getSignature().substring(1)))),
                MalformedCertificateException.class,
                "unexpected length of intermediate cert signature 63 (expected 64)");
        assertRefused(
                mutate(
                        validChain(),
                        c -> c.setLeaf(c.getLeaf().toBuilder().setSignature(ByteString.copyFrom(new byte[65])))),
                MalformedCertificateException.class,
                "unexpected length of leaf cert signature 65");
    }

    private CertChain childChain() {
        return parse(
                CertificateIssuer.builder(root).validity(FROM, UNTIL).build().issue(serverStatic.publicKey()));
    }

    private <T extends CertificateVerificationException> void assertRefused(
            byte[] chain, Class<T> type, String detail) {
        assertThatThrownBy(() -> verifier.validate(chain, serverStatic.publicKey()))
                .isInstanceOf(type)
                .hasMessageStartingWith(CertificateVerificationException.PREFIX)
                .hasMessageContaining(detail);
    }

    private interface Mutation {
        void apply(CertChain.Builder builder) throws Exception;
    }

    private static byte[] mutate(byte[] chain, Mutation mutation) {
        CertChain.Builder builder = parse(chain).toBuilder();
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> mutation.apply(builder));
        return builder.build().toByteArray();
    }

    private static CertChain parse(byte[] chain) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> CertChain.parseFrom(chain));
    }

    private static ByteString flip(ByteString bytes, int index) {
        byte[] b = bytes.toByteArray();
        b[index] ^= 0x01;
        return ByteString.copyFrom(b);
    }

    private static Clock clock(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
