package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import io.zapgate.wa.store.Device;
import java.net.URI;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClientPayloadsTest {

    private static ClientPayload builtIn(Device device, int historyDays) {
        return ClientPayloads.forDevice(device, ClientProfile.DEFAULT, AppVersionProvider.BUILT_IN, historyDays);
    }

    @Test
    void registrationCarriesKeysAndHistoryDays() throws Exception {
        Device device = Device.generate();
        ClientPayload payload = builtIn(device, 30);
        assertThat(payload.getPassive()).isFalse();
        assertThat(payload.getPull()).isFalse();
        assertThat(payload.hasUsername()).isFalse();
        assertThat(payload.getUserAgent().getPlatform()).isEqualTo(ClientPayload.UserAgent.Platform.WEB);
        assertThat(payload.getUserAgent().getAppVersion().getTertiary()).isEqualTo(1045649367);
        assertThat(payload.getConnectType()).isEqualTo(ClientPayload.ConnectType.WIFI_UNKNOWN);
        assertThat(payload.getConnectReason()).isEqualTo(ClientPayload.ConnectReason.USER_ACTIVATED);
        var pairing = payload.getDevicePairingData();
        assertThat(pairing.getERegid().size()).isEqualTo(4);
        assertThat(pairing.getEKeytype().toByteArray()).containsExactly(5);
        assertThat(pairing.getEIdent().toByteArray())
                .isEqualTo(device.identityKey().publicKey());
        assertThat(pairing.getESkeyID().toByteArray()).containsExactly(0, 0, 1);
        assertThat(pairing.getESkeySig().size()).isEqualTo(64);
        assertThat(HexFormat.of().formatHex(pairing.getBuildHash().toByteArray()))
                .isEqualTo("9fa53af9421567b114e33c9bb1ef7db2");
        DeviceProps props = DeviceProps.parseFrom(pairing.getDeviceProps());
        assertThat(props.getOs()).isEqualTo("Zapgate");
        assertThat(props.getPlatformType()).isEqualTo(DeviceProps.PlatformType.CHROME);
        assertThat(props.getRequireFullSync()).isTrue();
        assertThat(props.getHistorySyncConfig().getFullSyncDaysLimit()).isEqualTo(30);
    }

    @Test
    void noHistoryDaysMeansNoFullSync() throws Exception {
        var props = DeviceProps.parseFrom(
                builtIn(Device.generate(), 0).getDevicePairingData().getDeviceProps());
        assertThat(props.getRequireFullSync()).isFalse();
        assertThat(props.getHistorySyncConfig().hasFullSyncDaysLimit()).isFalse();
    }

    @Test
    void loginCarriesUsernameAndDevice() {
        ClientPayload payload = builtIn(TestDevices.paired(), 30);
        assertThat(payload.getUsername()).isEqualTo(15551234567L);
        assertThat(payload.getDevice()).isEqualTo(3);
        assertThat(payload.getPassive()).isTrue();
        assertThat(payload.getPull()).isTrue();
        assertThat(payload.hasDevicePairingData()).isFalse();
    }

    @Test
    void everyPayloadCarriesTheVersionInForceWhenItIsBuilt() throws Exception {
        WaVersion[] published = {WaVersion.parse("2.3000.1111111111")};
        ManualScheduler time = new ManualScheduler();
        AppVersionProvider versions = new AppVersionProvider(
                AppVersionProvider.BUILT_IN, URI.create("http://x/"), () -> published[0], time, time, Runnable::run);
        WaClientOptions options = WaClientOptions.builder().versions(versions).build();
        assertThat(versionOf(ClientPayloads.forConnect(options, Device.generate())))
                .isEqualTo(AppVersionProvider.BUILT_IN);

        versions.refresh();
        ClientPayload registration = ClientPayloads.forConnect(options, Device.generate());
        assertThat(versionOf(registration)).isEqualTo(published[0]);
        assertThat(HexFormat.of()
                        .formatHex(registration
                                .getDevicePairingData()
                                .getBuildHash()
                                .toByteArray()))
                .isEqualTo(md5Hex("2.3000.1111111111"));

        published[0] = WaVersion.parse("2.3000.1222222222");
        versions.refresh();
        assertThat(versionOf(ClientPayloads.forConnect(options, TestDevices.paired())))
                .isEqualTo(WaVersion.parse("2.3000.1222222222"));
    }

    @Test
    void defaultVersionsFollowTheProfile() {
        ClientProfile old = ClientProfile.DEFAULT.withAppVersion(2, 3000, 1035194821);
        WaClientOptions options = WaClientOptions.builder().profile(old).build();
        assertThat(options.versions().current()).isEqualTo(new WaVersion(2, 3000, 1035194821));
        assertThat(HexFormat.of()
                        .formatHex(ClientPayloads.forConnect(options, Device.generate())
                                .getDevicePairingData()
                                .getBuildHash()
                                .toByteArray()))
                .isEqualTo("a2c9471eff910a9e1ae659890a28872d");
        assertThat(WaClientOptions.defaults().versions().current()).isEqualTo(new WaVersion(2, 3000, 1045649367));
    }

    private static WaVersion versionOf(ClientPayload payload) {
        var v = payload.getUserAgent().getAppVersion();
        return new WaVersion(v.getPrimary(), v.getSecondary(), v.getTertiary());
    }

    private static String md5Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
