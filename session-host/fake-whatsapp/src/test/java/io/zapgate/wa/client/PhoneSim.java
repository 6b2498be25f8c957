package io.zapgate.wa.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.fake.AdvSigner;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentityHMAC;
import java.security.SecureRandom;

/**
 * What a primary phone sends when it links a companion (spec §4.3 recipe), for the client's pairing tests. The
 * signing is the fake server's own ({@link AdvSigner}), so the phone's half of ADV exists once.
 */
final class PhoneSim {
    static final Jid JID = TestDevices.JID;
    static final Jid LID = TestDevices.LID;

    final KeyPair identity = KeyPair.generate();
    private final AdvSigner signer = new AdvSigner(identity, 7, new SecureRandom());

    /**
     * The pair-success container for {@code companionIdentity}, HMAC-keyed by {@code advSecret}; with
     * {@code corruptSignature} one bit of the account signature flipped (the HMAC still matches).
     */
    byte[] container(byte[] companionIdentity, byte[] advSecret, boolean corruptSignature) {
        byte[] container =
                signer.issue(2, 1_700_000_000L, companionIdentity, advSecret).container();
        return corruptSignature ? withAccountSignatureBitFlipped(container, advSecret) : container;
    }

    private static byte[] withAccountSignatureBitFlipped(byte[] container, byte[] advSecret) {
        try {
            var signed = ADVSignedDeviceIdentity.parseFrom(
                    ADVSignedDeviceIdentityHMAC.parseFrom(container).getDetails());
            byte[] signature = signed.getAccountSignature().toByteArray();
            signature[5] ^= 1;
            byte[] tampered = signed.toBuilder()
                    .setAccountSignature(ByteString.copyFrom(signature))
                    .build()
                    .toByteArray();
            return ADVSignedDeviceIdentityHMAC.newBuilder()
                    .setDetails(ByteString.copyFrom(tampered))
                    .setHMAC(ByteString.copyFrom(io.zapgate.wa.crypto.Bytes.hmacSha256(advSecret, tampered)))
                    .build()
                    .toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    Node pairSuccess(String id, byte[] container) {
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "set")
                .attr("id", id)
                .attr("t", "1700000000")
                .children(Node.builder("pair-success")
                        .children(
                                Node.builder("device-identity")
                                        .content(container)
                                        .build(),
                                Node.builder("platform").attr("name", "android").build(),
                                Node.builder("device")
                                        .attr("jid", JID)
                                        .attr("lid", LID)
                                        .build())
                        .build())
                .build();
    }
}
