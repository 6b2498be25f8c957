package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.KeepAliveTimeout;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.QrTimeout;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionsTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final String JID = "15551234567@s.whatsapp.net";
    private static final Connection LINKED =
            new Connection(InstanceState.CONNECTED, JID, null, null, null, null, null, true);

    private static Transition of(Connection now, io.zapgate.wa.events.WaEvent e) {
        return Transitions.of(now, e, AT, null).orElseThrow();
    }

    @Test
    void everyQrRotationIsConnectingWithTheCode() {
        Transition t = of(Connection.initial(), new QrCode("2@ref,k,i,a", AT.plusSeconds(60)));
        assertThat(t.next().state()).isEqualTo(InstanceState.CONNECTING);
        assertThat(t.next().qrCode()).isEqualTo("2@ref,k,i,a");
        assertThat(t.next().qrExpiresAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(t.ends()).isFalse();
    }

    @Test
    void pairingThenLoginIsConnectedWithNumberAndSession() {
        Connection qr = of(Connection.initial(), new QrCode("q", AT)).next();
        Connection paired = of(
                        qr, new PairSuccess(Jid.parse("15551234567:3@s.whatsapp.net"), Optional.empty(), "android", ""))
                .next();
        assertThat(paired.numberJid()).isEqualTo(JID);
        assertThat(paired.hasSession()).isTrue();
        assertThat(paired.qrCode()).isNull();
        Connection connected = of(paired, new Connected()).next();
        assertThat(connected.state()).isEqualTo(InstanceState.CONNECTED);
        assertThat(connected.numberJid()).isEqualTo(JID);
        assertThat(connected.hasSession()).isTrue();
    }

    @Test
    void unlinkFromThePhoneIsLoggedOutWithoutSession() {
        Transition t = of(LINKED, new LoggedOut(401, false));
        assertThat(t.next().state()).isEqualTo(InstanceState.LOGGEDOUT);
        assertThat(t.next().hasSession()).isFalse();
        assertThat(t.next().lastDisconnect()).isEqualTo(new LastDisconnect(DisconnectReason.LOGGED_OUT, 401, AT, null));
        assertThat(t.ends()).isTrue();
    }

    @Test
    void refusedLoginsShownAsBanAreBanned() {
        Transition t = of(LINKED, new LoggedOut(406, true));
        assertThat(t.next().state()).isEqualTo(InstanceState.BANNED);
        assertThat(t.next().lastDisconnect().reason()).isEqualTo(DisconnectReason.BANNED);
        assertThat(t.next().lastDisconnect().code()).isEqualTo(406);
        assertThat(t.next().hasSession()).isFalse();
    }

    @Test
    void temporaryBanKeepsTheSessionAndSaysUntilWhen() {
        Transition t = of(LINKED, new TemporaryBan(101, AT.plusSeconds(3600)));
        assertThat(t.next().state()).isEqualTo(InstanceState.BANNED);
        assertThat(t.next().lastDisconnect())
                .isEqualTo(new LastDisconnect(DisconnectReason.TEMP_BANNED, 101, AT, AT.plusSeconds(3600)));
        assertThat(t.next().hasSession()).isTrue();
        assertThat(t.ends()).isTrue();
    }

    @Test
    void permanentDisconnectsAreDisconnectedWithTheirReason() {
        assertThat(of(LINKED, new StreamReplaced()).next().lastDisconnect().reason())
                .isEqualTo(DisconnectReason.REPLACED);
        assertThat(of(LINKED, new ClientOutdated()).next().lastDisconnect().reason())
                .isEqualTo(DisconnectReason.CLIENT_OUTDATED);
        assertThat(of(LINKED, new ConnectFailure(409, "bad ua")).next().lastDisconnect())
                .isEqualTo(new LastDisconnect(DisconnectReason.NETWORK, 409, AT, null));
        Transition qr = of(of(Connection.initial(), new QrCode("q", AT)).next(), new QrTimeout());
        assertThat(qr.next().state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(qr.next().qrCode()).isNull();
        assertThat(qr.next().lastDisconnect().reason()).isEqualTo(DisconnectReason.QR_TIMEOUT);
        for (var e : new io.zapgate.wa.events.WaEvent[] {new StreamReplaced(), new ClientOutdated(), new QrTimeout()}) {
            assertThat(of(LINKED, e).ends()).isTrue();
            assertThat(of(LINKED, e).next().state()).isEqualTo(InstanceState.DISCONNECTED);
        }
    }

    @Test
    void transientDropsStayConnectingAndDoNotEndTheSession() {
        Transition t = of(LINKED, new Disconnected(true));
        assertThat(t.next().state()).isEqualTo(InstanceState.CONNECTING);
        assertThat(t.next().hasSession()).isTrue();
        assertThat(t.reason()).isEqualTo(DisconnectReason.NETWORK);
        assertThat(t.ends()).isFalse();
        assertThat(Transitions.of(
                        LINKED, new ConnectAttemptFailed(ConnectAttemptFailed.Cause.TRANSPORT, "x", true), AT, null))
                .isEmpty();
        assertThat(Transitions.of(LINKED, new KeepAliveTimeout(1, AT), AT, null))
                .isEmpty();
        Transition gaveUp = of(LINKED, new Disconnected(false));
        assertThat(gaveUp.next().state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(gaveUp.ends()).isTrue();
    }

    @Test
    void hostShutdownKeepsNumberAndSession() {
        Transition t = Transitions.hostShutdown(LINKED, AT);
        assertThat(t.next().state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(t.next().numberJid()).isEqualTo(JID);
        assertThat(t.next().hasSession()).isTrue();
        assertThat(t.next().lastDisconnect().reason()).isEqualTo(DisconnectReason.HOST_SHUTDOWN);
    }
}
