package io.zapgate.wa.fake;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.crypto.Bytes;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.XEdDsa;
import io.zapgate.wa.proto.ADVDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentityHMAC;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The phone's half of ADV device identity (spec §4.2, §4.3 steps 4–9): issues the HMAC container of
 * {@code pair-success} with an account signature by the phone identity key, and checks the companion's
 * {@code pair-device-sign} reply. The one implementation of the phone's signing: the wa-client pairing tests
 * (fake-whatsapp's test tree, {@code io.zapgate.wa.client.PhoneSim}) use it too.
 */
public final class AdvSigner {
    private static final byte[] ACCOUNT_PREFIX = {6, 0};
    private static final byte[] DEVICE_PREFIX = {6, 1};

    /** What was issued for one pairing, to check the reply against. */
    public record Issued(byte[] container, byte[] details, byte[] accountSignature) {}

    private final KeyPair phoneIdentity;
    private final int rawId;
    private final SecureRandom random;

    public AdvSigner(KeyPair phoneIdentity, int rawId, SecureRandom random) {
        this.phoneIdentity = phoneIdentity;
        this.rawId = rawId;
        this.random = random;
    }

    /** Recipe steps 4–7: details, account signature over {@code 06 00 || details || CI}, HMAC container. */
    public Issued issue(int keyIndex, long timestamp, byte[] companionIdentityPub, byte[] advSecret) {
        byte[] details = ADVDeviceIdentity.newBuilder()
                .setRawID(rawId)
                .setTimestamp(timestamp)
                .setKeyIndex(keyIndex)
                .build()
                .toByteArray();
        byte[] accountSignature = XEdDsa.sign(
                phoneIdentity.privateKey(), Bytes.concat(ACCOUNT_PREFIX, details, companionIdentityPub), random);
        byte[] signed = ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(phoneIdentity.publicKey()))
                .setAccountSignature(ByteString.copyFrom(accountSignature))
                .build()
                .toByteArray();
        byte[] container = ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(ByteString.copyFrom(signed))
                .setHMAC(ByteString.copyFrom(Bytes.hmacSha256(advSecret, signed)))
                .build()
                .toByteArray();
        return new Issued(container, details, accountSignature);
    }

    /**
     * Recipe step 9: the reply must carry our details and account signature, no accountSignatureKey, and a
     * device signature by CI over {@code 06 01 || details || CI || P.pub}.
     *
     * @throws FakePairingException naming the first failed check
     */
    void verifyReply(Issued issued, byte[] reply, byte[] companionIdentityPub) {
        ADVSignedDeviceIdentity signed;
        try {
            signed = ADVSignedDeviceIdentity.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new FakePairingException("pair-device-sign: device-identity is not an ADVSignedDeviceIdentity", e);
        }
        if (!MessageDigest.isEqual(signed.getDetails().toByteArray(), issued.details())) {
            throw new FakePairingException("pair-device-sign: details differ from those in pair-success");
        }
        if (!MessageDigest.isEqual(signed.getAccountSignature().toByteArray(), issued.accountSignature())) {
            throw new FakePairingException("pair-device-sign: account signature differs from pair-success");
        }
        if (signed.hasAccountSignatureKey()) {
            throw new FakePairingException("pair-device-sign: accountSignatureKey must be stripped (spec §4.1 step 7)");
        }
        byte[] message = Bytes.concat(DEVICE_PREFIX, issued.details(), companionIdentityPub, phoneIdentity.publicKey());
        if (!XEdDsa.verify(
                companionIdentityPub, message, signed.getDeviceSignature().toByteArray())) {
            throw new FakePairingException("pair-device-sign: device signature does not verify");
        }
    }
}
