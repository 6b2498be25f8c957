package io.zapgate.wa.fake;

import com.google.protobuf.ByteString;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.client.CompanionSigning;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.RegistrationId;
import io.zapgate.wa.crypto.SignedPreKey;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The companion side of spec §2 and §4.2, written independently of the server code: key material, registration
 * and login payloads, the QR string, and checking pair-success / building the pair-device-sign reply.
 */
final class TestCompanion {
    final KeyPair noiseKey = KeyPair.generate();
    final KeyPair identityKey = KeyPair.generate();
    final SignedPreKey signedPreKey = SignedPreKey.generate(identityKey, 1);
    final RegistrationId registrationId = RegistrationId.generate();
    byte[] advSecret = new byte[32];
    Jid jid;
    Jid lid;

    TestCompanion() {
        new SecureRandom().nextBytes(advSecret);
    }

    /** Registration payload (no username) asking for {@code historyDays} of history (spec §8). */
    ClientPayload registrationPayload(int historyDays) {
        DeviceProps props = DeviceProps.newBuilder()
                .setOs("Zapgate")
                .setPlatformType(DeviceProps.PlatformType.CHROME)
                .setRequireFullSync(true)
                .setHistorySyncConfig(DeviceProps.HistorySyncConfig.newBuilder()
                        .setFullSyncDaysLimit(historyDays)
                        .setStorageQuotaMb(10240))
                .build();
        ClientPayload.DevicePairingRegistrationData data = ClientPayload.DevicePairingRegistrationData.newBuilder()
                .setERegid(ByteString.copyFrom(registrationId.toBytes()))
                .setEKeytype(ByteString.copyFrom(new byte[] {5}))
                .setEIdent(ByteString.copyFrom(identityKey.publicKey()))
                .setESkeyID(ByteString.copyFrom(signedPreKey.idBytes()))
                .setESkeyVal(ByteString.copyFrom(signedPreKey.keyPair().publicKey()))
                .setESkeySig(ByteString.copyFrom(signedPreKey.signature()))
                .setBuildHash(ByteString.copyFrom(new byte[16]))
                .setDeviceProps(props.toByteString())
                .build();
        return ClientPayload.newBuilder()
                .setPassive(false)
                .setPull(false)
                .setDevicePairingData(data)
                .build();
    }

    /** Login payload for {@code user:device} (spec §2.1). */
    static ClientPayload loginPayload(String user, int device) {
        return ClientPayload.newBuilder()
                .setUsername(Long.parseLong(user))
                .setDevice(device)
                .setPassive(true)
                .setPull(true)
                .build();
    }

    ClientPayload loginPayload() {
        return loginPayload(jid.user(), jid.device());
    }

    String qr(String ref) {
        return new QrData(ref, noiseKey.publicKey(), identityKey.publicKey(), advSecret, Optional.of("1")).format();
    }

    /**
     * Spec §4.2: checks the HMAC and account signature of pair-success, stores jid/lid, returns the
     * pair-device-sign result to send. The companion's signing is the client's own ({@link CompanionSigning}).
     */
    Node answerPairSuccess(Node iq) {
        Node success = iq.child("pair-success").orElseThrow();
        CompanionSigning.Reply reply = CompanionSigning.answer(
                success.child("device-identity").orElseThrow().contentBytes().orElseThrow(), advSecret, identityKey);
        Node device = success.child("device").orElseThrow();
        jid = (Jid) device.attrs().get("jid");
        lid = (Jid) device.attrs().get("lid");
        return Node.builder("iq")
                .attr("to", Jid.SERVER_JID)
                .attr("type", "result")
                .attr("id", iq.attr("id").get())
                .children(Node.builder("pair-device-sign")
                        .children(Node.builder("device-identity")
                                .attr("key-index", reply.keyIndex())
                                .content(reply.deviceIdentity())
                                .build())
                        .build())
                .build();
    }

    static Node iq(String id, String xmlns, String type, Node... children) {
        var b = Node.builder("iq")
                .attr("id", id)
                .attr("xmlns", xmlns)
                .attr("type", type)
                .attr("to", Jid.SERVER_JID);
        return (children.length == 0 ? b : b.children(children)).build();
    }

    static byte[] concat(byte[]... parts) {
        return io.zapgate.wa.crypto.Bytes.concat(parts);
    }
}
