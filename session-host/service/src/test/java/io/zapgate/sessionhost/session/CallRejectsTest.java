package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import io.zapgate.sessionhost.fake.FakeSessionClient.RejectedCall;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.CallOffer;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.QrCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code autoRejectCalls}: incoming calls are rejected while the instance's setting is on, read at each call. */
class CallRejectsTest {
    private static final Jid CALLER = Jid.parse("15559876543@s.whatsapp.net");
    private final Rig rig = new Rig();

    private FakeSessionClient link() {
        rig.send(TestCommands.Type.CONNECT, "r-link");
        FakeSessionClient c = rig.client();
        c.emit(new QrCode("qr-1", rig.clock.instant().plusSeconds(60)));
        c.emit(new PairSuccess(Jid.parse("15551234567:2@s.whatsapp.net"), Optional.empty(), "android", ""));
        c.emit(new Connected());
        return c;
    }

    private static CallOffer offer(String callId) {
        return new CallOffer(CALLER, callId, CALLER, Instant.EPOCH, false);
    }

    private void settings(boolean autoReject, String message) {
        rig.store.updateSettings(rig.instance, new Settings(autoReject, message, false, false, false, true, false));
    }

    @Test
    void callsAreRejectedOnlyWhileTheSettingIsOn() {
        FakeSessionClient c = link();
        c.emit(offer("C0"));
        settings(true, null);
        c.emit(offer("C1"));
        settings(false, null);
        c.emit(offer("C2"));
        assertThat(c.rejectedCalls).containsExactly(new RejectedCall(CALLER, "C1"));
    }

    @Test
    void theRejectMessageIsNotSentAndTheLogSaysWhy() {
        FakeSessionClient c = link();
        settings(true, "Sorry, no calls");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Log.Level before = Log.threshold();
        Log.configure(Log.Level.INFO, new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            c.emit(offer("C3"));
        } finally {
            Log.configure(before, System.out);
        }
        assertThat(c.rejectedCalls).containsExactly(new RejectedCall(CALLER, "C3"));
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs)
                .contains(CallRejects.MESSAGE_NOT_SENT)
                .contains("call rejected")
                .doesNotContain("Sorry, no calls")
                .doesNotContain("15559876543");
        assertThat(rig.connection().state()).isEqualTo(InstanceState.CONNECTED);
    }

    @Test
    void aFailedRejectDoesNotEndTheSession() {
        FakeSessionClient c = link();
        settings(true, null);
        c.emit(new Disconnected(true));
        c.emit(offer("C4"));
        assertThat(c.rejectedCalls).isEmpty();
        assertThat(rig.supervisor.session(rig.id())).isPresent();
    }
}
