package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import io.zapgate.sessionhost.store.FencedOutException;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.store.Device;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A session whose lease went to a newer owner (a higher fencing token) without this host noticing yet: its
 * saved-session writes and its command results are refused, and the session is abandoned at the first refusal
 * (socket closed, nothing more written); its events carry its token.
 */
class FencedSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Rig rig = new Rig();

    private QrCode qr(String code) {
        return new QrCode(code, rig.clock.instant().plusSeconds(60));
    }

    /** Another host takes the lease after it lapsed (this host's renewals did not run). @return its lease */
    private SessionLeases.Lease hostBTakesTheLease() {
        rig.clock.advance(Duration.ofSeconds(61));
        return rig.leases.acquire(rig.id(), "host-b", Duration.ofSeconds(60)).orElseThrow();
    }

    @Test
    void theSessionsEventsAndStoresCarryItsToken() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        FakeSessionClient c = rig.client();
        c.emit(qr("qr-1"));
        long token = rig.supervisor.owned().get(rig.id()).fencingToken();
        InstanceEvent connecting = rig.events.events().getLast();
        assertThat(rig.events.fenceOf(connecting)).contains(token);

        c.spec.deviceStore().save(Device.generate());
        // a write under an older token is refused once this one wrote the row
        assertThatThrownBy(() -> rig.saved.deviceStore(rig.id(), token - 1).save(Device.generate()))
                .isInstanceOf(FencedOutException.class);
    }

    @Test
    void aSavedSessionWriteRefusedByTheFenceAbandonsTheSession() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        FakeSessionClient c = rig.client();
        c.emit(qr("qr-1"));
        assertThat(rig.result("r1").kind()).isEqualTo(io.zapgate.core.session.CommandResult.Kind.QR);

        SessionLeases.Lease b = hostBTakesTheLease();
        rig.saved.wipe(rig.id(), b.fencingToken());

        // the phone scans the QR: the client saves the paired device, refused
        Device paired = Device.generate()
                .paired(Jid.parse("15551234567:2@s.whatsapp.net"), null, new byte[] {1}, "android", "");
        assertThatThrownBy(() -> c.spec.deviceStore().save(paired)).isInstanceOf(FencedOutException.class);

        Await.until(
                "session abandoned",
                WAIT,
                () -> rig.supervisor.session(rig.id()).isEmpty());
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.saved.exists(rig.id())).isFalse();
        assertThat(rig.leases.current(rig.id()).map(SessionLeases.Lease::owner)).contains("host-b");
        // nothing recorded after the refusal
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTING);
    }

    @Test
    void aCommandResultRefusedByTheLeaseIsNotWrittenAndAbandonsTheSession() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        FakeSessionClient c = rig.client();
        hostBTakesTheLease();

        c.emit(qr("qr-1")); // answers r1 under the old lease: refused

        Await.until(
                "session abandoned",
                WAIT,
                () -> rig.supervisor.session(rig.id()).isEmpty());
        assertThat(c.disconnects.get()).isPositive();
        try (var pending = rig.results.expect("r1")) {
            assertThat(pending.await(Duration.ofMillis(300))).isEmpty();
        }
        assertThat(rig.leases.current(rig.id()).map(SessionLeases.Lease::owner)).contains("host-b");
    }

    @Test
    void aLoggedInSessionsPreKeyWriteRefusedByTheFenceAbandonsIt() {
        rig.send(TestCommands.Type.CONNECT, "r-link");
        FakeSessionClient c = rig.client();
        c.emit(qr("qr-1"));
        c.spec.deviceStore()
                .save(Device.generate()
                        .paired(Jid.parse("15551234567:2@s.whatsapp.net"), null, new byte[] {1}, "android", ""));
        c.emit(new PairSuccess(Jid.parse("15551234567:2@s.whatsapp.net"), Optional.empty(), "android", ""));
        c.emit(new Connected());
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);

        SessionLeases.Lease b = hostBTakesTheLease();
        rig.saved
                .deviceStore(rig.id(), b.fencingToken())
                .save(rig.saved.deviceStore(rig.id()).load().orElseThrow());

        assertThatThrownBy(() -> c.spec.preKeyStore().getOrGeneratePreKeys(5)).isInstanceOf(FencedOutException.class);
        Await.until(
                "session abandoned",
                WAIT,
                () -> rig.supervisor.session(rig.id()).isEmpty());
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.saved.exists(rig.id())).isTrue();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
    }
}
