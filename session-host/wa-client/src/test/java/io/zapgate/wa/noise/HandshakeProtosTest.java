package io.zapgate.wa.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.RegistrationId;
import io.zapgate.wa.crypto.SignedPreKey;
import io.zapgate.wa.proto.ADVDeviceIdentity;
import io.zapgate.wa.proto.ADVEncryptionType;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import io.zapgate.wa.proto.ADVSignedDeviceIdentityHMAC;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import io.zapgate.wa.proto.HandshakeMessage;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Field numbers of our .proto files against WhatsApp bytes (spec §1.5, §1.8, §2, §4.2, §8). */
class HandshakeProtosTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void specLoginPayloadParses() throws Exception {
        ClientPayload payload = ClientPayload.parseFrom(HEX.parseHex(SpecVectors.CLIENT_PAYLOAD));
        assertThat(payload.getUsername()).isEqualTo(15551234567L);
        assertThat(payload.getPassive()).isTrue();
        assertThat(payload.getDevice()).isEqualTo(3);
        assertThat(payload.toByteArray()).isEqualTo(HEX.parseHex(SpecVectors.CLIENT_PAYLOAD));
    }

    @Test
    void handshakeMessageFieldNumbers() throws Exception {
        HandshakeMessage hello = HandshakeMessage.parseFrom(SpecVectors.payload(SpecVectors.WS1, true));
        assertThat(hello.getClientHello().getEphemeral().size()).isEqualTo(32);
        HandshakeMessage server = HandshakeMessage.parseFrom(SpecVectors.payload(SpecVectors.WS2, false));
        assertThat(server.getServerHello().getStatic().size()).isEqualTo(48);
        HandshakeMessage finish = HandshakeMessage.parseFrom(SpecVectors.payload(SpecVectors.WS3, false));
        assertThat(finish.getClientFinish().getStatic().size()).isEqualTo(48);
    }

    @Test
    void registrationPayloadWithHistorySyncConfigRoundTrips() throws Exception {
        KeyPair identity = KeyPair.generate();
        SignedPreKey spk = SignedPreKey.generate(identity, 1);
        DeviceProps props = DeviceProps.newBuilder()
                .setOs("Zapgate")
                .setVersion(DeviceProps.AppVersion.newBuilder()
                        .setPrimary(0)
                        .setSecondary(1)
                        .setTertiary(0))
                .setPlatformType(DeviceProps.PlatformType.CHROME)
                .setRequireFullSync(true)
                .setHistorySyncConfig(DeviceProps.HistorySyncConfig.newBuilder()
                        .setFullSyncDaysLimit(30)
                        .setFullSyncSizeMbLimit(102400)
                        .setStorageQuotaMb(10240)
                        .setInlineInitialPayloadInE2EeMsg(true)
                        .setThumbnailSyncDaysLimit(60)
                        .setSupportCallLogHistory(true)
                        .addSupportedBotChannelFbids("x")
                        .setSupportInlineContacts(true))
                .build();
        ClientPayload payload = ClientPayload.newBuilder()
                .setPassive(false)
                .setPull(false)
                .setUserAgent(ClientPayload.UserAgent.newBuilder()
                        .setPlatform(ClientPayload.UserAgent.Platform.WEB)
                        .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder()
                                .setPrimary(2)
                                .setSecondary(3000)
                                .setTertiary(1045649367))
                        .setMcc("000")
                        .setMnc("000")
                        .setOsVersion("0.1")
                        .setDevice("Desktop")
                        .setOsBuildNumber("0.1")
                        .setReleaseChannel(ClientPayload.UserAgent.ReleaseChannel.RELEASE)
                        .setLocaleLanguageIso6391("en")
                        .setLocaleCountryIso31661Alpha2("US"))
                .setWebInfo(ClientPayload.WebInfo.newBuilder()
                        .setWebSubPlatform(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER))
                .setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
                .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED)
                .setDevicePairingData(ClientPayload.DevicePairingRegistrationData.newBuilder()
                        .setERegid(ByteString.copyFrom(RegistrationId.generate().toBytes()))
                        .setEKeytype(ByteString.copyFrom(new byte[] {5}))
                        .setEIdent(ByteString.copyFrom(identity.publicKey()))
                        .setESkeyID(ByteString.copyFrom(spk.idBytes()))
                        .setESkeyVal(ByteString.copyFrom(spk.keyPair().publicKey()))
                        .setESkeySig(ByteString.copyFrom(spk.signature()))
                        .setBuildHash(ByteString.copyFrom(HEX.parseHex("9fa53af9421567b114e33c9bb1ef7db2")))
                        .setDeviceProps(props.toByteString()))
                .build();

        ClientPayload parsed = ClientPayload.parseFrom(payload.toByteArray());
        assertThat(parsed).isEqualTo(payload);
        DeviceProps parsedProps =
                DeviceProps.parseFrom(parsed.getDevicePairingData().getDeviceProps());
        assertThat(parsedProps.getHistorySyncConfig().getFullSyncDaysLimit()).isEqualTo(30);
        assertThat(parsedProps.getRequireFullSync()).isTrue();
        // Wire tags: userAgent (5) = 0x2a, devicePairingData (19) = 0x9a 0x01, historySyncConfig (5) = 0x2a.
        assertThat(HEX.formatHex(payload.toByteArray())).contains("9a01");
        assertThat(HEX.formatHex(DeviceProps.HistorySyncConfig.newBuilder()
                        .setFullSyncDaysLimit(3)
                        .build()
                        .toByteArray()))
                .isEqualTo("0803");
        assertThat(HEX.formatHex(ClientPayload.newBuilder()
                        .setLidDbMigrated(true)
                        .setLc(1)
                        .build()
                        .toByteArray()))
                .isEqualTo("c00101c80201");
    }

    @Test
    void advIdentityMessagesRoundTrip() throws Exception {
        byte[] details = ADVDeviceIdentity.newBuilder()
                .setRawID(7)
                .setTimestamp(1700000000L)
                .setKeyIndex(1)
                .build()
                .toByteArray();
        ADVSignedDeviceIdentity signed = ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(details))
                .setAccountSignatureKey(ByteString.copyFrom(new byte[32]))
                .setAccountSignature(ByteString.copyFrom(new byte[64]))
                .build();
        ADVSignedDeviceIdentityHMAC container = ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(signed.toByteString())
                .setHMAC(ByteString.copyFrom(new byte[32]))
                .setAccountType(ADVEncryptionType.HOSTED)
                .build();
        ADVSignedDeviceIdentityHMAC parsed = ADVSignedDeviceIdentityHMAC.parseFrom(container.toByteArray());
        assertThat(parsed.getAccountType()).isEqualTo(ADVEncryptionType.HOSTED);
        assertThat(ADVDeviceIdentity.parseFrom(ADVSignedDeviceIdentity.parseFrom(parsed.getDetails())
                                .getDetails())
                        .getKeyIndex())
                .isEqualTo(1);
        assertThat(HEX.formatHex(details)).isEqualTo("08071080e2cfaa061801");
    }
}
