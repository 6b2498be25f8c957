package io.zapgate.wa.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.crypto.XEdDsa;
import io.zapgate.wa.proto.CertChain;
import io.zapgate.wa.proto.CertChain.NoiseCertificate;
import io.zapgate.wa.proto.CertChain.NoiseCertificate.Details;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Server certificate chain check, as strict as whatsmeow {@code handshake.go} {@code verifyServerCert} and in
 * the same order (spec §1.6): parts present; both signatures 64 bytes; intermediate signed by the trusted
 * root; intermediate issuerSerial = root serial; intermediate key 32 bytes; leaf signed by the intermediate;
 * intermediate time-valid; leaf issuerSerial = intermediate serial; leaf key = server static (constant time);
 * leaf time-valid. The trusted root key and serial are configuration; time comes from an injected
 * {@link Clock}. Immutable and thread-safe.
 */
public final class CertificateVerifier implements ServerCertificateValidator {
    /** Both signatures must be 64 bytes (whatsmeow {@code handshake.go} {@code verifyServerCert}). */
    private static final int SIGNATURE_LENGTH = 64;
    /** Intermediate/root keys are 32-byte Curve25519 keys (whatsmeow {@code handshake.go}; spec §1.6). */
    private static final int KEY_LENGTH = 32;
    /** Largest epoch second {@link Instant} can hold; larger uint64 dates are treated as "never". */
    private static final long MAX_INSTANT_SECOND = Instant.MAX.getEpochSecond();

    private final byte[] trustedRootKey;
    private final int rootSerial;
    private final Clock clock;

    private CertificateVerifier(byte[] trustedRootKey, int rootSerial, Clock clock) {
        Objects.requireNonNull(trustedRootKey, "trustedRootKey");
        if (trustedRootKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("trusted root key must be 32 bytes, got " + trustedRootKey.length);
        }
        this.trustedRootKey = trustedRootKey.clone();
        this.rootSerial = rootSerial;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Trusts WhatsApp's real root key and serial 0 (spec §1.6), with the system UTC clock. */
    public static CertificateVerifier whatsApp() {
        return whatsApp(Clock.systemUTC());
    }

    public static CertificateVerifier whatsApp(Clock clock) {
        return trusting(NoiseConstants.whatsAppRootPublicKey(), NoiseConstants.WHATSAPP_ROOT_SERIAL, clock);
    }

    /** Trusts another root (e.g. a fake server's test root); {@code rootSerial} is the intermediate's issuer. */
    public static CertificateVerifier trusting(byte[] rootPublicKey, int rootSerial, Clock clock) {
        return new CertificateVerifier(rootPublicKey, rootSerial, clock);
    }

    public byte[] trustedRootKey() {
        return trustedRootKey.clone();
    }

    @Override
    public void validate(byte[] certChain, byte[] serverStaticPublicKey) throws CertificateVerificationException {
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(serverStaticPublicKey, "serverStaticPublicKey");
        CertChain chain = parseChain(certChain);
        NoiseCertificate intermediate = chain.getIntermediate();
        NoiseCertificate leaf = chain.getLeaf();
        requireParts(chain);
        requireSignatureLength(intermediate, "intermediate");
        requireSignatureLength(leaf, "leaf");
        if (!verify(trustedRootKey, intermediate)) {
            throw new IntermediateSignatureException("intermediate certificate is not signed by the trusted root key "
                    + HexFormat.of().formatHex(trustedRootKey));
        }
        Details intermediateDetails = parseDetails(intermediate, "intermediate");
        if (intermediateDetails.getIssuerSerial() != rootSerial) {
            throw new IntermediateIssuerSerialException("unexpected intermediate issuer serial "
                    + Integer.toUnsignedString(intermediateDetails.getIssuerSerial()) + " (expected "
                    + Integer.toUnsignedString(rootSerial) + ")");
        }
        if (intermediateDetails.getKey().size() != KEY_LENGTH) {
            throw new MalformedCertificateException("unexpected length of intermediate cert key "
                    + intermediateDetails.getKey().size() + " (expected 32)");
        }
        if (!verify(intermediateDetails.getKey().toByteArray(), leaf)) {
            throw new LeafSignatureException("leaf certificate is not signed by the intermediate key");
        }
        checkValidity(intermediateDetails, "intermediate");
        Details leafDetails = parseDetails(leaf, "leaf");
        if (leafDetails.getIssuerSerial() != intermediateDetails.getSerial()) {
            throw new LeafIssuerSerialException("unexpected leaf issuer serial "
                    + Integer.toUnsignedString(leafDetails.getIssuerSerial()) + " (expected intermediate serial "
                    + Integer.toUnsignedString(intermediateDetails.getSerial()) + ")");
        }
        if (!MessageDigest.isEqual(leafDetails.getKey().toByteArray(), serverStaticPublicKey)) {
            throw new LeafKeyMismatchException("leaf key does not match server static key");
        }
        checkValidity(leafDetails, "leaf");
    }

    private static CertChain parseChain(byte[] bytes) throws MalformedCertificateException {
        try {
            return CertChain.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedCertificateException("failed to unmarshal noise certificate chain", e);
        }
    }

    private static void requireParts(CertChain chain) throws MalformedCertificateException {
        boolean complete = chain.getIntermediate().hasDetails()
                && chain.getIntermediate().hasSignature()
                && chain.getLeaf().hasDetails()
                && chain.getLeaf().hasSignature();
        if (!complete) {
            throw new MalformedCertificateException("missing parts of noise certificate");
        }
    }

    private static void requireSignatureLength(NoiseCertificate cert, String which)
            throws MalformedCertificateException {
        if (cert.getSignature().size() != SIGNATURE_LENGTH) {
            throw new MalformedCertificateException("unexpected length of " + which + " cert signature "
                    + cert.getSignature().size() + " (expected 64)");
        }
    }

    private static boolean verify(byte[] signerKey, NoiseCertificate cert) {
        return XEdDsa.verify(
                signerKey, cert.getDetails().toByteArray(), cert.getSignature().toByteArray());
    }

    private static Details parseDetails(NoiseCertificate cert, String which) throws MalformedCertificateException {
        ByteString raw = cert.getDetails();
        try {
            return Details.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedCertificateException("failed to unmarshal " + which + " certificate details", e);
        }
    }

    private void checkValidity(Details details, String which)
            throws ExpiredCertificateException, NotYetValidCertificateException {
        Instant now = clock.instant();
        Instant notBefore = toInstant(details.getNotBefore());
        Instant notAfter = toInstant(details.getNotAfter());
        if (now.isBefore(notBefore)) {
            throw new NotYetValidCertificateException(
                    which + " certificate not valid yet (current time " + now + " is before " + notBefore + ")");
        }
        if (now.isAfter(notAfter)) {
            throw new ExpiredCertificateException(
                    which + " certificate expired (current time " + now + " is after " + notAfter + ")");
        }
    }

    /** Details dates are uint64 unix seconds (spec §1.6). */
    private static Instant toInstant(long unsignedSeconds) {
        if (Long.compareUnsigned(unsignedSeconds, MAX_INSTANT_SECOND) > 0) {
            return Instant.MAX;
        }
        return Instant.ofEpochSecond(unsignedSeconds);
    }

    @Override
    public String toString() {
        return "CertificateVerifier[root=" + HexFormat.of().formatHex(trustedRootKey) + ", rootSerial="
                + Integer.toUnsignedString(rootSerial) + ", clock=" + clock + "]";
    }
}
