package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The {@code connecting} write that lets the socket open before its event is on the queue, in order. */
class StateRecorderTest {
    private final Rig rig = new Rig();
    private final StateRecorder recorder = new StateRecorder(rig.instance, rig.ports, () -> 1L);

    private Connection connecting() {
        return recorder.current().withState(InstanceState.CONNECTING);
    }

    private Connection withQr(Connection c, String code) {
        return new Connection(
                c.state(),
                c.numberJid(),
                c.presenceStatus(),
                c.displayStatus(),
                c.lastDisconnect(),
                code,
                rig.clock.instant().plusSeconds(60),
                c.hasSession());
    }

    @Test
    void aHeldEventIsWrittenAtOnceAndPublishedOnlyWhenTheCallerPublishesIt() {
        StateRecorder.HeldEvent held = recorder.recordHoldingEvent(connecting(), null);

        assertThat(held).isNotNull();
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTING);
        assertThat(rig.events.events()).isEmpty();

        held.publish();
        held.publish();
        assertThat(rig.events.events()).extracting(InstanceEvent::state).containsExactly(InstanceState.CONNECTING);
        assertThat(rig.events.fenceOf(rig.events.events().getFirst())).contains(1L);
    }

    @Test
    void aLaterRecordWaitsForTheHeldEventSoEventsLeaveInTheOrderTheyWereRecorded() throws Exception {
        StateRecorder.HeldEvent held = recorder.recordHoldingEvent(connecting(), null);
        Connection qr = withQr(connecting(), "qr-1");

        CompletableFuture<Boolean> later = CompletableFuture.supplyAsync(() -> recorder.record(qr, null));
        try {
            later.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the QR's record published before the held connecting event");
        } catch (TimeoutException expected) {
            // still waiting for the held event, as it must
        }
        assertThat(rig.events.events()).isEmpty();

        held.publish();
        assertThat(later.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(rig.events.events())
                .extracting(InstanceEvent::state, InstanceEvent::qrCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(InstanceState.CONNECTING, null),
                        org.assertj.core.groups.Tuple.tuple(InstanceState.CONNECTING, "qr-1"));
    }

    @Test
    void aRefusedWriteHoldsNoEventAndNothingChanges() {
        rig.store.delete(rig.row());

        assertThat(recorder.recordHoldingEvent(connecting(), null)).isNull();
        assertThat(recorder.current().state()).isNotEqualTo(InstanceState.CONNECTING);
        assertThat(rig.events.events()).isEmpty();
    }

    @Test
    void aSessionWhoseConnectingWriteIsRefusedEndsWithoutOpeningASocket() {
        rig.store.delete(rig.row());
        FakeSessionClient client = new FakeSessionClient(null);
        SessionLeases.Lease lease =
                rig.leases.acquire(rig.id(), Rig.HOST, Duration.ofSeconds(60)).orElseThrow();
        AtomicBoolean ended = new AtomicBoolean();
        InstanceSession session = new InstanceSession(rig.instance, client, lease, rig.ports, s -> ended.set(true));

        session.start();

        assertThat(client.connects.get()).isZero();
        assertThat(session.hasEnded()).isTrue();
        assertThat(ended).isTrue();
        assertThat(rig.events.events()).isEmpty();
    }
}
