package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
    private static final String PHONE = "15551234567";
    private final DeviceRegistry registry = new DeviceRegistry(PHONE, 1, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void theFirstAccountGivesDeviceIdsOneTo255ThenASiblingAccountTakesOver() {
        for (int i = 1; i <= 255; i++) {
            assertThat(registry.reserveDevice()[0]).isEqualTo(i);
        }
        int[] next = registry.reserveDevice();
        assertThat(next[0]).isEqualTo(257);
        assertThat(next[1]).isEqualTo(256); // key indexes keep counting
        assertThat(DeviceRegistry.accountOf(next[0])).isEqualTo(1);
        assertThat(DeviceRegistry.deviceIdOf(next[0])).isEqualTo(1);
        assertThat(registry.userOf(1)).isEqualTo("15551234568");
    }

    @Test
    void aSiblingAccountsDeviceLogsInUnderItsOwnNumberOnly() {
        for (int i = 1; i <= 255; i++) {
            registry.reserveDevice();
        }
        int key = registry.reserveDevice()[0];
        byte[] noise = {1, 2, 3};
        registry.register(device(key, "15551234568", noise));

        assertThat(registry.decideLogin(15551234568L, 1, noise))
                .isInstanceOf(DeviceRegistry.LoginDecision.Accept.class);
        // the same device id on the first account is another (unlinked) device
        assertThat(registry.decideLogin(15551234567L, 1, noise))
                .isInstanceOf(DeviceRegistry.LoginDecision.Reject.class);
        // a device id past one byte never aliases a sibling's key (257 = account 1, device 1)
        assertThat(registry.decideLogin(15551234567L, 257, noise))
                .isInstanceOf(DeviceRegistry.LoginDecision.Reject.class);
        // an account the phone has not opened yet
        assertThat(registry.decideLogin(15551234569L, 1, noise))
                .isInstanceOf(DeviceRegistry.LoginDecision.Reject.class);
        assertThat(registry.decideLogin(15551234568L, 1, new byte[] {9}))
                .isInstanceOf(DeviceRegistry.LoginDecision.Reject.class);

        Jid jid = Jid.ofDevice("15551234568", 1, Jid.DEFAULT_USER_SERVER);
        assertThat(registry.keyOf(jid)).contains(257);
        assertThat(registry.keyOf(Jid.ofDevice("15551234569", 1, Jid.DEFAULT_USER_SERVER)))
                .isEmpty();
        assertThat(registry.unregister(jid)).map(LinkedDevice::device).contains(257);
        assertThat(registry.decideLogin(15551234568L, 1, noise))
                .isInstanceOf(DeviceRegistry.LoginDecision.Reject.class);
    }

    @Test
    void belowTheLimitEverythingIsOnTheFirstAccount() {
        int key = registry.reserveDevice()[0];
        assertThat(key).isEqualTo(1);
        assertThat(registry.keyOf(Jid.ofDevice(PHONE, 1, Jid.DEFAULT_USER_SERVER)))
                .isEqualTo(Optional.of(1));
        assertThat(registry.keyOf(Jid.ofDevice("15551234568", 1, Jid.DEFAULT_USER_SERVER)))
                .isEmpty();
    }

    private static LinkedDevice device(int key, String user, byte[] noise) {
        return new LinkedDevice(
                Jid.ofDevice(user, DeviceRegistry.deviceIdOf(key), Jid.DEFAULT_USER_SERVER),
                Jid.ofDevice("987654321012346", DeviceRegistry.deviceIdOf(key), Jid.LID_SERVER),
                key,
                noise,
                new byte[] {4},
                key,
                Instant.EPOCH);
    }
}
