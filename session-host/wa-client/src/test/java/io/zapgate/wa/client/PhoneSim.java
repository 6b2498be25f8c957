package io.zapgate.wa.client;

import com.google.protobuf.ByteString;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.proto.ADVDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentityHMAC;

/** Builds what a primary phone sends when it links a companion (spec §4.3 recipe). */
final class PhoneSim {
    static final Jid JID = Jid.ofAd("15551234567", Jid.DOMAIN_WHATSAPP, 3);
    static final Jid LID = Jid.ofAd("987654321012345", Jid.DOMAIN_LID, 3);

    final KeyPair identity = KeyPair.generate();

    byte[] details() {
        return ADVDeviceIdentity.newBuilder()
                .setRawID(7)
                .setTimestamp(1_700_000_000L)
                .setKeyIndex(2)
                .build()
                .toByteArray();
    }

    byte[] signedIdentity(byte[] companionIdentity, boolean corruptSignature) {
        byte[] details = details();
        byte[] signature =
                identity.sign(io.zapgate.wa.crypto.Bytes.concat(new byte[] {6, 0}, details, companionIdentity));
        if (corruptSignature) {
            signature[5] ^= 1;
        }
        return ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(identity.publicKey()))
                .setAccountSignature(ByteString.copyFrom(signature))
                .build()
                .toByteArray();
    }

    byte[] container(byte[] companionIdentity, byte[] advSecret, boolean corruptSignature) {
        byte[] signed = signedIdentity(companionIdentity, corruptSignature);
        return ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(ByteString.copyFrom(signed))
                .setHMAC(ByteString.copyFrom(io.zapgate.wa.crypto.Bytes.hmacSha256(advSecret, signed)))
                .build()
                .toByteArray();
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

    static Node pairDevice(String id, String... refs) {
        Node[] children = new Node[refs.length];
        for (int i = 0; i < refs.length; i++) {
            children[i] = Node.builder("ref")
                    .content(refs[i].getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .build();
        }
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "set")
                .attr("id", id)
                .attr("xmlns", "md")
                .children(Node.builder("pair-device").children(children).build())
                .build();
    }
}
