package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.binary.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FakeWhatsApp#startPersistent}: a restarted fake still knows the devices linked to it, and only those. */
class PersistentAccountTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceLinkedBeforeARestartLogsInAfterIt() throws Exception {
        Path file = dir.resolve("devices.properties");
        TestCompanion linked = new TestCompanion();
        TestCompanion unlinked = new TestCompanion();
        byte[] phoneIdentity;
        try (FakeWhatsApp first = FakeWhatsApp.startPersistent(FakeWhatsAppOptions.defaults(), file)) {
            LinkedDevice device = Flows.pairByQr(first, linked);
            Flows.pairByQr(first, unlinked);
            try (ScriptedClient client = Flows.login(first, linked)) {
                assertThat(client.query(TestCompanion.iq("1", "encrypt", "set", key()))
                                .attr("type"))
                        .contains("result");
            }
            first.phone().unlink(unlinked.jid);
            phoneIdentity = first.phone().identityPublicKey();
            assertThat(device.device()).isEqualTo(1);
        }
        try (FakeWhatsApp second = FakeWhatsApp.startPersistent(FakeWhatsAppOptions.defaults(), file)) {
            assertThat(second.phone().identityPublicKey()).isEqualTo(phoneIdentity);
            assertThat(second.phone().linkedDevices())
                    .extracting(LinkedDevice::jid)
                    .containsExactly(linked.jid);
            try (ScriptedClient client = Flows.login(second, linked)) {
                // the pre-key count uploaded before the restart is still known
                Node count = client.query(TestCompanion.iq("2", "encrypt", "get", Node.of("count")));
                assertThat(count.child("count").orElseThrow().attr("value")).contains("1");
            }
            try (ScriptedClient client = ScriptedClient.connect(second, unlinked.noiseKey, unlinked.loginPayload())) {
                assertThat(client.next().attr("reason")).contains("401");
            }
            // a device linked after the restart gets the next device id, not one given out before
            assertThat(Flows.pairByQr(second, new TestCompanion()).device()).isEqualTo(3);
            assertThat(second.recordings().registrationCount()).isEqualTo(1);
        }
    }

    @Test
    void noFileStartsAnEmptyAccountAndADamagedOneNamesTheFile() throws Exception {
        Path file = dir.resolve("none.properties");
        try (FakeWhatsApp fake = FakeWhatsApp.startPersistent(FakeWhatsAppOptions.defaults(), file)) {
            assertThat(fake.phone().linkedDevices()).isEmpty();
        }
        assertThat(file).exists();
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        Files.writeString(file, "devices=1\n");
        assertThatThrownBy(() -> FakeWhatsApp.startPersistent(FakeWhatsAppOptions.defaults(), file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("delete it");
    }

    private static Node key() {
        return Node.builder("list")
                .children(Node.builder("key")
                        .children(
                                Node.builder("id").content(new byte[] {0, 0, 1}).build(),
                                Node.builder("value")
                                        .content(io.zapgate.wa.crypto.KeyPair.generate()
                                                .publicKey())
                                        .build())
                        .build())
                .build();
    }
}
