package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import io.zapgate.wa.store.Device;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClientPayloadsTest {

    @Test
    void registrationCarriesKeysAndHistoryDays() throws Exception {
        Device device = Device.generate();
        ClientPayload payload = ClientPayloads.forDevice(device, ClientProfile.DEFAULT, 30);
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
        assertThat(pairing.getEIdent().toByteArray()).isEqualTo(device.identityKey().publicKey());
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
        var props = DeviceProps.parseFrom(ClientPayloads.forDevice(Device.generate(), ClientProfile.DEFAULT, 0)
                .getDevicePairingData().getDeviceProps());
        assertThat(props.getRequireFullSync()).isFalse();
        assertThat(props.getHistorySyncConfig().hasFullSyncDaysLimit()).isFalse();
    }

    @Test
    void loginCarriesUsernameAndDevice() {
        ClientPayload payload = ClientPayloads.forDevice(TestDevices.paired(), ClientProfile.DEFAULT, 30);
        assertThat(payload.getUsername()).isEqualTo(15551234567L);
        assertThat(payload.getDevice()).isEqualTo(3);
        assertThat(payload.getPassive()).isTrue();
        assertThat(payload.getPull()).isTrue();
        assertThat(payload.hasDevicePairingData()).isFalse();
    }
}
