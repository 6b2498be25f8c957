package io.zapgate.wa.noise;

import com.google.protobuf.ByteString;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.XEdDsa;
import io.zapgate.wa.proto.CertChain;
import io.zapgate.wa.proto.CertChain.NoiseCertificate;
import io.zapgate.wa.proto.CertChain.NoiseCertificate.Details;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds a WhatsApp-style Noise certificate chain signed by a test root, for the fake server and tests
 * (spec §1.6 "Recommendation for the fake server": intermediate serial 1 / issuer 0 signed by the root over its
 * Details bytes; leaf serial 2 / issuer 1 carrying the server static key, signed by the intermediate).
 * Every field is overridable so tests can build broken chains. Immutable; build with {@link #builder}.
 */
public final class CertificateIssuer {
    private final KeyPair root;
    private final KeyPair intermediate;
    private final int rootSerial;
    private final int intermediateSerial;
    private final int leafSerial;
    private final int leafIssuerSerial;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Instant leafNotBefore;
    private final Instant leafNotAfter;
    private final SecureRandom random;

    private CertificateIssuer(Builder b) {
        root = b.root;
        intermediate = b.intermediate != null ? b.intermediate : KeyPair.generate(b.random);
        rootSerial = b.rootSerial;
        intermediateSerial = b.intermediateSerial;
        leafSerial = b.leafSerial;
        leafIssuerSerial = b.leafIssuerSerial != null ? b.leafIssuerSerial : b.intermediateSerial;
        notBefore = b.notBefore;
        notAfter = b.notAfter;
        leafNotBefore = b.leafNotBefore != null ? b.leafNotBefore : b.notBefore;
        leafNotAfter = b.leafNotAfter != null ? b.leafNotAfter : b.notAfter;
        random = b.random;
    }

    /** Starts a builder for chains under {@code root}; validity defaults to now-1d .. now+365d. */
    public static Builder builder(KeyPair root) {
        return new Builder(root);
    }

    /** A serialized {@code CertChain} whose leaf certifies {@code serverStaticPublicKey}. */
    public byte[] issue(byte[] serverStaticPublicKey) {
        Objects.requireNonNull(serverStaticPublicKey, "serverStaticPublicKey");
        Details intermediateDetails =
                details(intermediateSerial, rootSerial, intermediate.publicKey(), notBefore, notAfter);
        Details leafDetails = details(leafSerial, leafIssuerSerial, serverStaticPublicKey, leafNotBefore, leafNotAfter);
        return CertChain.newBuilder()
                .setIntermediate(sign(root, intermediateDetails))
                .setLeaf(sign(intermediate, leafDetails))
                .build()
                .toByteArray();
    }

    /** A verifier that trusts this issuer's root (and its serial), reading time from {@code clock}. */
    public CertificateVerifier verifier(Clock clock) {
        return CertificateVerifier.trusting(root.publicKey(), rootSerial, clock);
    }

    public byte[] rootPublicKey() {
        return root.publicKey();
    }

    public byte[] intermediatePublicKey() {
        return intermediate.publicKey();
    }

    private NoiseCertificate sign(KeyPair signer, Details details) {
        byte[] raw = details.toByteArray();
        byte[] signature = XEdDsa.sign(signer.privateKey(), raw, random);
        return NoiseCertificate.newBuilder()
                .setDetails(ByteString.copyFrom(raw))
                .setSignature(ByteString.copyFrom(signature))
                .build();
    }

    private static Details details(int serial, int issuerSerial, byte[] key, Instant from, Instant until) {
        return Details.newBuilder()
                .setSerial(serial)
                .setIssuerSerial(issuerSerial)
                .setKey(ByteString.copyFrom(key))
                .setNotBefore(from.getEpochSecond())
                .setNotAfter(until.getEpochSecond())
                .build();
    }

    @Override
    public String toString() {
        return "CertificateIssuer[rootSerial=" + rootSerial + ", intermediateSerial=" + intermediateSerial
                + ", leafSerial=" + leafSerial + ", keys=<redacted>]";
    }

    /** Mutable builder; defaults follow the spec §1.6 recommendation. */
    public static final class Builder {
        private final KeyPair root;
        private KeyPair intermediate;
        private int rootSerial = NoiseConstants.WHATSAPP_ROOT_SERIAL;
        private int intermediateSerial = 1;
        private int leafSerial = 2;
        private Integer leafIssuerSerial;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        private Instant leafNotBefore;
        private Instant leafNotAfter;
        private SecureRandom random = new SecureRandom();

        private Builder(KeyPair root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        public Builder intermediateKey(KeyPair key) {
            intermediate = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The serial the intermediate names as its issuer (0 for WhatsApp's root). */
        public Builder rootSerial(int serial) {
            rootSerial = serial;
            return this;
        }

        public Builder intermediateSerial(int serial) {
            intermediateSerial = serial;
            return this;
        }

        public Builder leafSerial(int serial) {
            leafSerial = serial;
            return this;
        }

        /** Overrides the leaf's issuerSerial (default: the intermediate serial). */
        public Builder leafIssuerSerial(int serial) {
            leafIssuerSerial = serial;
            return this;
        }

        /** Validity of the intermediate, and of the leaf unless {@link #leafValidity} is set. */
        public Builder validity(Instant from, Instant until) {
            notBefore = Objects.requireNonNull(from, "from");
            notAfter = Objects.requireNonNull(until, "until");
            return this;
        }

        public Builder leafValidity(Instant from, Instant until) {
            leafNotBefore = Objects.requireNonNull(from, "from");
            leafNotAfter = Objects.requireNonNull(until, "until");
            return this;
        }

        public Builder random(SecureRandom secureRandom) {
            random = Objects.requireNonNull(secureRandom, "secureRandom");
            return this;
        }

        public CertificateIssuer build() {
            return new CertificateIssuer(this);
        }
    }
}
