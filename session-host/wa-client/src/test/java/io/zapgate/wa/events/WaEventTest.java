package io.zapgate.wa.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaEventTest {

    @Test
    void permanentDisconnectsAreMarked() {
        assertThat(new LoggedOut(401, true)).isInstanceOf(PermanentDisconnect.class);
        assertThat(new TemporaryBan(101, Instant.EPOCH)).isInstanceOf(PermanentDisconnect.class);
        assertThat(new StreamReplaced()).isInstanceOf(PermanentDisconnect.class);
        assertThat(new ClientOutdated()).isInstanceOf(PermanentDisconnect.class);
        assertThat(new ConnectFailure(400, null)).isInstanceOf(PermanentDisconnect.class);
        assertThat(new Disconnected(true)).isNotInstanceOf(PermanentDisconnect.class);
    }

    @Test
    void secretsAreNotPrinted() {
        assertThat(new QrCode("https://wa.me/settings/linked_devices#2@ref,AAA", Instant.EPOCH).toString())
                .doesNotContain("2@ref");
        assertThat(new PairingCode("ABCD-EFGH").toString()).doesNotContain("ABCD");
        assertThat(new CallOffer(
                                Jid.parse("15559876543@s.whatsapp.net"),
                                "C1",
                                Jid.parse("15559876543@s.whatsapp.net"),
                                Instant.EPOCH,
                                false)
                        .toString())
                .doesNotContain("15559876543");
    }

    @Test
    void switchIsExhaustive() {
        WaEvent event = new KeepAliveTimeout(2, Instant.EPOCH);
        String name = switch (event) {
            case QrCode e -> "qr";
            case QrTimeout e -> "qr-timeout";
            case QrScannedWithoutMultidevice e -> "downgrade";
            case PairingCode e -> "code";
            case PairSuccess e -> "paired";
            case PairError e -> "pair-error";
            case Connected e -> "connected";
            case Disconnected e -> "disconnected";
            case ConnectAttemptFailed e -> "attempt-failed";
            case LoggedOut e -> "logged-out";
            case TemporaryBan e -> "ban";
            case StreamReplaced e -> "replaced";
            case ClientOutdated e -> "outdated";
            case ConnectFailure e -> "failure";
            case StreamError e -> "stream-error";
            case KeepAliveTimeout e -> "keepalive-timeout";
            case KeepAliveRestored e -> "keepalive-restored";
            case CallOffer e -> "call-offer";
            case OfflineSyncPreview e -> "offline-preview";
            case OfflineSyncCompleted e -> "offline-completed";
        };
        assertThat(name).isEqualTo("keepalive-timeout");
    }
}
