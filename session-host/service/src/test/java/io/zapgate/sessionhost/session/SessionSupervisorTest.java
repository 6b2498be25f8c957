package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.PairingCode;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.StreamReplaced;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SessionSupervisorTest {
    private static final String JID = "15551234567@s.whatsapp.net";
    private final Rig rig = new Rig();

    private QrCode qr(String code) {
        return new QrCode(code, rig.clock.instant().plusSeconds(60));
    }

    /** CONNECT, first QR, phone scans, login: the instance is connected. */
    private FakeSessionClient link() {
        rig.send(TestCommands.Type.CONNECT, "r-link");
        FakeSessionClient c = rig.client();
        c.emit(qr("qr-1"));
        c.emit(new PairSuccess(Jid.parse("15551234567:2@s.whatsapp.net"), Optional.empty(), "android", ""));
        c.emit(new Connected());
        return c;
    }

    @Test
    void connectAnswersTheFirstQrAndRecordsConnectingWithTheCode() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        rig.client().emit(qr("qr-1"));
        CommandResult r = rig.result("r1");
        assertThat(r.kind()).isEqualTo(CommandResult.Kind.QR);
        assertThat(r.qrCode()).isEqualTo("qr-1");
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTING);
        assertThat(rig.connection().qrCode()).isEqualTo("qr-1");
        assertThat(rig.leases.current(rig.id())).map(l -> l.owner()).contains(Rig.HOST);
        assertThat(rig.supervisor.owned()).containsKey(rig.id());
        assertThat(rig.client().prepares.get()).isEqualTo(1);
        assertThat(rig.client().connects.get()).isEqualTo(1);
    }

    @Test
    void aDuplicateConnectGetsTheCurrentQrAndNeverASecondSocket() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        rig.client().emit(qr("qr-1"));
        rig.client().emit(qr("qr-2"));
        rig.send(TestCommands.Type.CONNECT, "r2");
        assertThat(rig.result("r2").qrCode()).isEqualTo("qr-2");
        assertThat(rig.clients.created()).hasSize(1);
        assertThat(rig.client().connects).hasValue(1);
    }

    @Test
    void twoRacingConnectsOpenOneClient() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String r : List.of("a", "b")) {
                pool.submit(() -> {
                    go.await();
                    return rig.send(TestCommands.Type.CONNECT, r);
                });
            }
            go.countDown();
        }
        assertThat(rig.clients.created()).hasSize(1);
        assertThat(rig.client().connects).hasValue(1);
        rig.client().emit(qr("qr-1"));
        assertThat(rig.result("a").qrCode()).isEqualTo("qr-1");
        assertThat(rig.result("b").qrCode()).isEqualTo("qr-1");
    }

    @Test
    void connectWhenConnectedAnswersAlreadyConnected() {
        link();
        rig.send(TestCommands.Type.CONNECT, "r2");
        assertThat(rig.result("r2").kind()).isEqualTo(CommandResult.Kind.ALREADY_CONNECTED);
        assertThat(rig.clients.created()).hasSize(1);
    }

    @Test
    void linkingRecordsConnectedWithNumberSessionAndProfile() {
        link();
        Connection c = rig.connection();
        assertThat(c.state()).isEqualTo(InstanceState.CONNECTED);
        assertThat(c.numberJid()).isEqualTo(JID);
        assertThat(c.hasSession()).isTrue();
        assertThat(c.qrCode()).isNull();
        assertThat(rig.row().profile().platform()).isEqualTo("android");
        List<InstanceEvent> events = rig.events.events();
        assertThat(events)
                .extracting(InstanceEvent::state)
                .containsExactly(InstanceState.CONNECTING, InstanceState.CONNECTING, InstanceState.CONNECTED);
        assertThat(events.get(1).qrCode()).isEqualTo("qr-1");
        assertThat(events).extracting(InstanceEvent::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void connectWithANumberAnswersThePairingCode() {
        rig.send(TestCommands.Type.CONNECT, "r1", "number", "+1 555 123 4567", "historyDays", "30");
        FakeSessionClient c = rig.client();
        assertThat(c.spec.historyDays()).isEqualTo(30);
        c.emit(qr("qr-1"));
        assertThat(c.pairingRequests).containsExactly("+1 555 123 4567");
        c.emit(new PairingCode("ABCD-EFGH"));
        CommandResult r = rig.result("r1");
        assertThat(r.kind()).isEqualTo(CommandResult.Kind.PAIRING_CODE);
        assertThat(r.pairingCode()).isEqualTo("ABCD-EFGH");
    }

    @Test
    void anInstanceHeldByAnotherHostIsNotOpenedHere() {
        rig.leases.acquire(
                rig.id(),
                "host-b",
                Duration.ofSeconds(60),
                new io.zapgate.core.session.SessionLeases.Subject(rig.instance.accountId(), rig.instance.name()));
        rig.send(TestCommands.Type.CONNECT, "r1");
        assertThat(rig.result("r1").kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(rig.clients.created()).isEmpty();
    }

    @Test
    void anAdoptionRequestResumesAFreeSavedSessionAndIsDroppedWhenHeldElsewhereOrNothingIsSaved() {
        assertThat(rig.send(TestCommands.Type.ADOPT, null)).isEqualTo(CommandHandler.Outcome.HANDLED);
        assertThat(rig.clients.created()).as("nothing saved: dropped").isEmpty();

        rig.saved.link(rig.id());
        var subject = new io.zapgate.core.session.SessionLeases.Subject(rig.instance.accountId(), rig.instance.name());
        rig.leases.acquire(rig.id(), "host-b", Duration.ofSeconds(60), subject);
        rig.send(TestCommands.Type.ADOPT, null);
        assertThat(rig.clients.created()).as("held by a live host: dropped").isEmpty();

        rig.leases.release(rig.id(), "host-b");
        rig.send(TestCommands.Type.ADOPT, null);
        assertThat(rig.supervisor.session(rig.id()))
                .as("released: resumed here")
                .isPresent();
        assertThat(rig.leases.current(rig.id()).orElseThrow().owner()).isEqualTo(Rig.HOST);
        rig.send(TestCommands.Type.ADOPT, null);
        assertThat(rig.clients.created())
                .as("one client, however many requests")
                .hasSize(1);
    }

    @Test
    void aCommandForAnotherIncarnationIsStale() {
        var c = rig.command(TestCommands.Type.CONNECT, java.util.Map.of("requestId", "r1"));
        var stale = TestCommands.withInstanceId(c, "someone-else");
        assertThat(rig.handler.handle(stale)).isEqualTo(CommandHandler.Outcome.STALE);
        assertThat(rig.clients.created()).isEmpty();
    }

    @Test
    void reconnectWithoutASavedSessionFails() {
        rig.send(TestCommands.Type.RECONNECT, "r1");
        CommandResult r = rig.result("r1");
        assertThat(r.kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(r.message()).isEqualTo(CommandHandler.NO_SESSION);
        assertThat(rig.clients.created()).isEmpty();
    }

    @Test
    void logoutUnlinksWipesAndRecordsLoggedOut() {
        FakeSessionClient c = link();
        rig.saved.link(rig.id());
        rig.send(TestCommands.Type.LOGOUT, "r-out");
        assertThat(rig.result("r-out").kind()).isEqualTo(CommandResult.Kind.DONE);
        assertThat(c.logouts).hasValue(1);
        assertThat(rig.saved.exists(rig.id())).isFalse();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.LOGGEDOUT);
        assertThat(rig.connection().hasSession()).isFalse();
        assertThat(rig.connection().lastDisconnect().reason()).isEqualTo(DisconnectReason.LOGGED_OUT);
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
    }

    @Test
    void aLogoutTheApiGaveUpOnNeverUnlinksTheDevice() {
        FakeSessionClient c = link();
        rig.saved.link(rig.id());
        Instance row = rig.row();
        var logout = new InstanceCommand.Logout(
                CommandHeader.issue(row.accountId(), row.name(), row.id(), rig.clock.instant(), Duration.ofSeconds(25)),
                "r-late");
        rig.clock.advance(Duration.ofSeconds(26)); // the API answered "Failed to logout instance" meanwhile
        assertThat(rig.handler.handle(logout)).isEqualTo(CommandHandler.Outcome.EXPIRED);
        CommandResult r = rig.result("r-late");
        assertThat(r.kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(r.message()).isEqualTo(CommandHandler.EXPIRED);
        assertThat(c.logouts).hasValue(0);
        assertThat(rig.saved.exists(rig.id())).isTrue();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
        assertThat(rig.supervisor.session(rig.id())).isPresent();
    }

    @Test
    void aCommandStillWithinItsLifetimeRuns() {
        FakeSessionClient c = link();
        rig.saved.link(rig.id());
        Instance row = rig.row();
        var logout = new InstanceCommand.Logout(
                CommandHeader.issue(row.accountId(), row.name(), row.id(), rig.clock.instant(), Duration.ofSeconds(25)),
                "r-in-time");
        rig.clock.advance(Duration.ofSeconds(25));
        assertThat(rig.handler.handle(logout)).isEqualTo(CommandHandler.Outcome.HANDLED);
        assertThat(c.logouts).hasValue(1);
    }

    @Test
    void aRefusedLogoutFailsAndKeepsTheSession() {
        FakeSessionClient c = link();
        rig.saved.link(rig.id());
        c.refuseLogout = true;
        rig.send(TestCommands.Type.LOGOUT, "r-out");
        assertThat(rig.result("r-out").kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(rig.saved.exists(rig.id())).isTrue();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
    }

    @Test
    void deleteUnlinksWipesAndDropsTheSession() {
        FakeSessionClient c = link();
        rig.saved.link(rig.id());
        rig.store.delete(rig.row());
        rig.send(TestCommands.Type.DELETE, null);
        assertThat(c.logouts).hasValue(1);
        assertThat(rig.saved.exists(rig.id())).isFalse();
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
    }

    @Test
    void deleteOfALinkedDeviceWithNoLiveSocketLogsInWithTheSavedSessionAndUnlinksThoughTheRowSaysUnlinked() {
        rig.saved.link(rig.id());
        rig.store.updateConnection(
                rig.instance.key(),
                rig.id(),
                new Connection(
                        InstanceState.DISCONNECTED,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false)); // stale: the row says nothing is linked
        rig.clients.loginOnConnect = true;
        rig.store.delete(rig.row());
        rig.send(TestCommands.Type.DELETE, "r-del");
        assertThat(rig.result("r-del").kind()).isEqualTo(CommandResult.Kind.DONE);
        assertThat(rig.clients.created()).hasSize(1);
        FakeSessionClient c = rig.client();
        assertThat(c.connects).hasValue(1);
        assertThat(c.logouts).hasValue(1);
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.saved.exists(rig.id())).isFalse();
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
    }

    @Test
    void deleteWithNoPairedDeviceSavedNeverAttemptsALogoutThoughTheRowSaysLinked() {
        FakeSessionClient c = link(); // logged in, but no paired device is saved (wiped meanwhile)
        rig.store.updateConnection(
                rig.instance.key(),
                rig.id(),
                new Connection(
                        InstanceState.CONNECTED,
                        JID,
                        null,
                        null,
                        null,
                        null,
                        null,
                        true)); // stale: the row says linked
        rig.store.delete(rig.row());
        rig.send(TestCommands.Type.DELETE, "r-del");
        assertThat(rig.result("r-del").kind()).isEqualTo(CommandResult.Kind.DONE);
        assertThat(c.logouts).hasValue(0);
        assertThat(rig.clients.created()).hasSize(1);
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
    }

    @Test
    void deleteWhileAQrIsShownClosesTheSocketWithoutALogout() {
        rig.send(TestCommands.Type.CONNECT, "r1");
        FakeSessionClient c = rig.client();
        c.emit(qr("qr-1"));
        rig.store.delete(rig.row());
        rig.send(TestCommands.Type.DELETE, "r-del");
        assertThat(rig.result("r-del").kind()).isEqualTo(CommandResult.Kind.DONE);
        assertThat(c.logouts).hasValue(0);
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.clients.created()).hasSize(1);
        assertThat(rig.leases.current(rig.id())).isEmpty();
    }

    @Test
    void applySettingsSetsPresenceOnTheLiveSocket() {
        FakeSessionClient c = link();
        rig.store.updateSettings(rig.instance, new Settings(false, null, false, true, false, true, false));
        rig.send(TestCommands.Type.APPLY_SETTINGS, null);
        rig.store.updateSettings(rig.instance, Settings.defaults());
        rig.send(TestCommands.Type.APPLY_SETTINGS, null);
        assertThat(c.presences).containsExactly(true, false);
    }

    @Test
    void resumeLogsInWithTheSavedSessionWithoutAQr() {
        rig.saved.link(rig.id());
        rig.store.updateConnection(
                rig.instance.key(),
                rig.id(),
                new Connection(InstanceState.CONNECTED, JID, null, null, null, null, null, true));
        rig.store.resumable().forEach(rig.handler::resume);
        FakeSessionClient c = rig.client();
        assertThat(c.connects).hasValue(1);
        c.numberJid(JID);
        c.emit(new Connected());
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
        assertThat(rig.events.events()).allMatch(e -> e.qrCode() == null);
        assertThat(rig.clients.created()).hasSize(1);
    }

    @Test
    void sessionsHeldByAnotherLiveHostAreLeftAloneUntilTheirLeaseIsFree() {
        rig.saved.link(rig.id());
        rig.store.updateConnection(
                rig.instance.key(),
                rig.id(),
                new Connection(InstanceState.CONNECTED, JID, null, null, null, null, null, true));
        rig.leases.acquire(
                rig.id(),
                "host-b",
                Duration.ofSeconds(60),
                new io.zapgate.core.session.SessionLeases.Subject(rig.instance.accountId(), rig.instance.name()));
        assertThat(rig.handler.adoptOrphans()).isZero();
        assertThat(rig.clients.created()).isEmpty();
        rig.clock.advance(Duration.ofSeconds(61));
        assertThat(rig.handler.adoptOrphans()).isEqualTo(1);
        assertThat(rig.client().connects).hasValue(1);
        assertThat(rig.handler.adoptOrphans()).isZero();
        assertThat(rig.clients.created()).hasSize(1);
    }

    @Test
    void aSavedSessionUnlinkedMeanwhileLinksAnewOnConnect() {
        rig.saved.link(rig.id());
        rig.send(TestCommands.Type.CONNECT, "r1");
        FakeSessionClient c = rig.client();
        c.emit(new LoggedOut(401, true));
        assertThat(c.connects).hasValue(2);
        c.emit(qr("qr-new"));
        assertThat(rig.result("r1").qrCode()).isEqualTo("qr-new");
    }

    @Test
    void shutdownClosesWithoutLogoutRecordsHostShutdownAndReleasesTheLease() {
        FakeSessionClient c = link();
        rig.supervisor.shutdown();
        assertThat(c.logouts).hasValue(0);
        assertThat(c.disconnects.get()).isPositive();
        Connection now = rig.connection();
        assertThat(now.state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(now.lastDisconnect().reason()).isEqualTo(DisconnectReason.HOST_SHUTDOWN);
        assertThat(now.hasSession()).isTrue();
        assertThat(rig.events.events().getLast().reason()).isEqualTo(DisconnectReason.HOST_SHUTDOWN);
        assertThat(rig.leases.current(rig.id())).isEmpty();
        assertThat(rig.supervisor.size()).isZero();
    }

    @Test
    void aPermanentDisconnectEndsTheSessionAndFreesTheLease() {
        FakeSessionClient c = link();
        c.emit(new StreamReplaced());
        assertThat(rig.connection().lastDisconnect().reason()).isEqualTo(DisconnectReason.REPLACED);
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
        rig.send(TestCommands.Type.CONNECT, "again");
        assertThat(rig.clients.created()).hasSize(2);
    }

    @Test
    void aLeaseLostToAnotherHostClosesTheSocketQuietly() {
        FakeSessionClient c = link();
        rig.leases.release(rig.id(), Rig.HOST);
        rig.leases.acquire(
                rig.id(),
                "host-b",
                Duration.ofSeconds(60),
                new io.zapgate.core.session.SessionLeases.Subject(rig.instance.accountId(), rig.instance.name()));
        rig.supervisor.renewLeases();
        assertThat(rig.supervisor.session(rig.id())).isEmpty();
        assertThat(c.disconnects.get()).isPositive();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
    }

    @Test
    void instanceLocksAreDroppedOnceNobodyHoldsThem() {
        link();
        rig.saved.link(rig.id());
        assertThat(rig.supervisor.lockCount()).isZero();
        rig.send(TestCommands.Type.LOGOUT, "r-out");
        assertThat(rig.result("r-out").kind()).isEqualTo(CommandResult.Kind.DONE);
        rig.store.delete(rig.row());
        rig.send(TestCommands.Type.DELETE, null);
        assertThat(rig.supervisor.lockCount()).isZero();
        for (int i = 0; i < 1_000; i++) {
            rig.supervisor.locked("gone-" + i, () -> rig.supervisor.locked("gone-" + 0, () -> null));
        }
        assertThat(rig.supervisor.lockCount()).isZero();
    }

    @Test
    void aLockStaysWhileSomeoneWaitsSoWorkOnOneInstanceNeverOverlaps() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) {
                        rig.supervisor.locked("busy", () -> {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            runs.incrementAndGet();
                            Thread.yield();
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(runs).hasValue(16_000);
        assertThat(overlaps).hasValue(0);
        assertThat(rig.supervisor.lockCount()).isZero();
    }

    /** Replaces the rig's row with one whose proxy is on but whose stored password could not be decrypted. */
    private void unreadableProxyPassword(InstanceState state) {
        io.zapgate.core.instance.Instance current = rig.row();
        rig.store.delete(current);
        io.zapgate.core.instance.Instance bad = new io.zapgate.core.instance.Instance(
                current.id(),
                current.accountId(),
                current.name(),
                current.createdAt(),
                current.tokenHash(),
                new Connection(state, JID, null, null, null, null, null, true),
                current.profile(),
                current.settings(),
                new io.zapgate.core.instance.ProxySettings(
                        true, "proxy.example.com", "1080", io.zapgate.core.instance.ProxyProtocol.SOCKS5, "bob", null),
                current.s3(),
                current.webhook(),
                current.websocket(),
                current.chatwoot(),
                java.util.Set.of(io.zapgate.core.instance.Instance.PROXY_PASSWORD));
        rig.store.create(bad, io.zapgate.core.contract.Samples.tokenOf(bad));
    }

    @Test
    void anUnreadableProxyPasswordNeverConnectsDirectlyNorWithoutIt() {
        unreadableProxyPassword(InstanceState.DISCONNECTED);
        rig.send(io.zapgate.sessionhost.TestCommands.Type.CONNECT, "r-connect");
        assertThat(rig.result("r-connect").kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(rig.clients.created()).as("no socket at all").isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.DISCONNECTED);
    }

    @Test
    void reconnectWithAnUnreadableProxyPasswordFailsSayingWhyAndRecordsDisconnected() {
        unreadableProxyPassword(InstanceState.CONNECTED);
        rig.saved.link(rig.id());
        rig.send(io.zapgate.sessionhost.TestCommands.Type.RECONNECT, "r-re");
        CommandResult r = rig.result("r-re");
        assertThat(r.kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(r.message()).isEqualTo("Failed to reconnect: " + CommandHandler.PROXY_PASSWORD_UNREADABLE);
        assertThat(rig.clients.created()).isEmpty();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(rig.connection().lastDisconnect().reason()).isEqualTo(DisconnectReason.NETWORK);
        assertThat(rig.connection().hasSession()).isTrue();
        assertThat(rig.saved.exists(rig.id())).as("the saved session is kept").isTrue();
    }
}
