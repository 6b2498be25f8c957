package io.zapgate.wa.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.crypto.Bytes;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.XEdDsa;
import io.zapgate.wa.proto.ADVDeviceIdentity;
import io.zapgate.wa.proto.ADVEncryptionType;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentityHMAC;
import java.security.MessageDigest;

/**
 * Companion-side checks of a pair-success device identity (spec §4.2; whatsmeow {@code handlePair}): HMAC with
 * the adv secret, the primary's account signature, then our device signature. Pure; no I/O.
 */
final class PairVerifier {
    private static final byte[] HOSTED_PREFIX = {6, 5};
    private static final byte[] ACCOUNT_PREFIX = {6, 0};
    private static final byte[] DEVICE_PREFIX = {6, 1};

    private PairVerifier() {}

    /**
     * The verified result.
     *
     * @param account ADVSignedDeviceIdentity with our device signature and the account signature key (to store)
     * @param reply the same without accountSignatureKey (for {@code pair-device-sign})
     * @param keyIndex ADVDeviceIdentity.keyIndex
     */
    record Verified(byte[] account, byte[] reply, int keyIndex) {}

    /** A refused identity, with the IQ error to send back. */
    static final class PairException extends Exception {
        final int code;
        final String text;
        final String reason;

        PairException(int code, String text, String reason) {
            super(reason);
            this.code = code;
            this.text = text;
            this.reason = reason;
        }
    }

    static Verified verify(byte[] containerBytes, byte[] advSecret, KeyPair identity) throws PairException {
        try {
            var container = ADVSignedDeviceIdentityHMAC.parseFrom(containerBytes);
            byte[] prefix = container.getAccountType() == ADVEncryptionType.HOSTED ? HOSTED_PREFIX : new byte[0];
            byte[] expected = Bytes.hmacSha256(
                    advSecret, Bytes.concat(prefix, container.getDetails().toByteArray()));
            if (!MessageDigest.isEqual(expected, container.getHMAC().toByteArray())) {
                throw new PairException(401, "hmac-mismatch", "hmac-mismatch");
            }
            var signed = ADVSignedDeviceIdentity.parseFrom(container.getDetails());
            var details = ADVDeviceIdentity.parseFrom(signed.getDetails());
            byte[] accountKey = signed.getAccountSignatureKey().toByteArray();
            byte[] accountSig = signed.getAccountSignature().toByteArray();
            byte[] accountPrefix = details.getDeviceType() == ADVEncryptionType.HOSTED ? HOSTED_PREFIX : ACCOUNT_PREFIX;
            byte[] ownIdentity = identity.publicKey();
            byte[] detailBytes = signed.getDetails().toByteArray();
            if (accountKey.length != 32
                    || accountSig.length != XEdDsa.SIGNATURE_LENGTH
                    || !XEdDsa.verify(accountKey, Bytes.concat(accountPrefix, detailBytes, ownIdentity), accountSig)) {
                throw new PairException(401, "signature-mismatch", "signature-mismatch");
            }
            byte[] deviceSig = identity.sign(Bytes.concat(DEVICE_PREFIX, detailBytes, ownIdentity, accountKey));
            var withSig = signed.toBuilder()
                    .setDeviceSignature(ByteString.copyFrom(deviceSig))
                    .build();
            return new Verified(
                    withSig.toByteArray(),
                    withSig.toBuilder().clearAccountSignatureKey().build().toByteArray(),
                    details.getKeyIndex());
        } catch (InvalidProtocolBufferException e) {
            throw new PairException(500, "internal-error", "malformed");
        }
    }
}
