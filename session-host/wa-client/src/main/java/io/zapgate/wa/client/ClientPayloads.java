package io.zapgate.wa.client;

import com.google.protobuf.ByteString;
import io.zapgate.wa.crypto.Curve25519;
import io.zapgate.wa.crypto.RegistrationId;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import io.zapgate.wa.store.Device;

/**
 * Builds the ClientPayload sent encrypted in ClientFinish (spec §2; whatsmeow {@code store/clientpayload.go}):
 * the registration payload for an unpaired device (with DevicePairingRegistrationData and DeviceProps, which
 * carries the history request, spec §8) or the login payload for a paired one. Both carry the app version in
 * force when the payload is built ({@link WaClientOptions#versions()}), never a constant.
 */
final class ClientPayloads {
    private ClientPayloads() {}

    /** The payload for a connection opened now: {@link #forDevice} with the version in force of the options. */
    static ClientPayload forConnect(WaClientOptions options, Device device) {
        return forDevice(device, options.profile(), options.versions().current(), options.historyDays());
    }

    /** The payload for {@code device}: login if it is paired, registration otherwise. */
    static ClientPayload forDevice(Device device, ClientProfile profile, WaVersion version, int historyDays) {
        return device.isPaired()
                ? login(device, profile, version)
                : registration(device, profile, version, historyDays);
    }

    static ClientPayload login(Device device, ClientProfile profile, WaVersion version) {
        var jid = device.jid().orElseThrow(() -> new IllegalStateException("device is not paired"));
        return base(profile, version)
                .setUsername(Long.parseUnsignedLong(jid.user()))
                .setPassive(true)
                .setPull(true)
                .setDevice(jid.device())
                .setLc(1)
                .setLidDbMigrated(true)
                .build();
    }

    static ClientPayload registration(Device device, ClientProfile profile, WaVersion version, int historyDays) {
        var spk = device.signedPreKey();
        var pairing = ClientPayload.DevicePairingRegistrationData.newBuilder()
                .setERegid(ByteString.copyFrom(new RegistrationId(device.registrationId()).toBytes()))
                .setEKeytype(ByteString.copyFrom(new byte[] {Curve25519.DJB_TYPE}))
                .setEIdent(ByteString.copyFrom(device.identityKey().publicKey()))
                .setESkeyID(ByteString.copyFrom(spk.idBytes()))
                .setESkeyVal(ByteString.copyFrom(spk.keyPair().publicKey()))
                .setESkeySig(ByteString.copyFrom(spk.signature()))
                .setBuildHash(ByteString.copyFrom(version.buildHash()))
                .setDeviceProps(deviceProps(profile, historyDays).toByteString());
        return base(profile, version)
                .setPassive(false)
                .setPull(false)
                .setDevicePairingData(pairing)
                .build();
    }

    /** DeviceProps (spec §2.5, §8): N history days → requireFullSync + fullSyncDaysLimit = N. */
    static DeviceProps deviceProps(ClientProfile profile, int historyDays) {
        var history = DeviceProps.HistorySyncConfig.newBuilder()
                .setStorageQuotaMb(10240)
                .setInlineInitialPayloadInE2EeMsg(true)
                .setThumbnailSyncDaysLimit(60)
                .setSupportCallLogHistory(false)
                .setSupportBotUserAgentChatHistory(true)
                .setSupportCagReactionsAndPolls(true)
                .setSupportBizHostedMsg(true)
                .setSupportRecentSyncChunkMessageCountTuning(true)
                .setSupportHostedGroupMsg(true)
                .setSupportFbidBotChatHistory(true)
                .setSupportMessageAssociation(true)
                .setSupportGroupHistory(false);
        if (historyDays > 0) {
            history.setFullSyncDaysLimit(historyDays);
        }
        return DeviceProps.newBuilder()
                .setOs(profile.os())
                .setVersion(DeviceProps.AppVersion.newBuilder()
                        .setPrimary(0)
                        .setSecondary(1)
                        .setTertiary(0))
                .setPlatformType(profile.platformType())
                .setRequireFullSync(historyDays > 0)
                .setHistorySyncConfig(history)
                .build();
    }

    private static ClientPayload.Builder base(ClientProfile profile, WaVersion version) {
        var userAgent = ClientPayload.UserAgent.newBuilder()
                .setPlatform(ClientPayload.UserAgent.Platform.WEB)
                .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder()
                        .setPrimary(version.primary())
                        .setSecondary(version.secondary())
                        .setTertiary(version.tertiary()))
                .setMcc("000")
                .setMnc("000")
                .setOsVersion("0.1")
                .setManufacturer("")
                .setDevice("Desktop")
                .setOsBuildNumber("0.1")
                .setReleaseChannel(ClientPayload.UserAgent.ReleaseChannel.RELEASE)
                .setLocaleLanguageIso6391(profile.language())
                .setLocaleCountryIso31661Alpha2(profile.country());
        return ClientPayload.newBuilder()
                .setUserAgent(userAgent)
                .setWebInfo(ClientPayload.WebInfo.newBuilder()
                        .setWebSubPlatform(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER))
                .setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
                .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED);
    }
}
