package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.PairError;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.QrTimeout;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import io.zapgate.wa.events.WaEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * The mapping from client events to instance connection states (INSTANCE-API.md "Instance states"), as pure
 * functions. Transient drops keep the instance {@code connecting} (the client reconnects by itself); logged
 * out, banned, replaced, outdated, refused and expired QR codes end the session.
 */
public final class Transitions {
    /** Login refusals WhatsApp Web shows as a ban (403 locked, 406 banned); 401 is an unlink. */
    private static final int LOGGED_OUT = 401;

    private Transitions() {}

    /**
     * @param numberJid own number once known (from the client), else null
     * @return empty when the event changes nothing that is recorded
     */
    public static Optional<Transition> of(Connection now, WaEvent event, Instant at, String numberJid) {
        String jid = numberJid != null ? numberJid : now.numberJid();
        return Optional.ofNullable(
                switch (event) {
                    case QrCode q ->
                        keep(with(
                                now,
                                InstanceState.CONNECTING,
                                null,
                                now.lastDisconnect(),
                                q.code(),
                                q.expiresAt(),
                                false));
                    case PairSuccess p ->
                        keep(with(
                                now,
                                now.state(),
                                p.jid().toNonAd().toString(),
                                now.lastDisconnect(),
                                null,
                                null,
                                true));
                    case Connected c ->
                        keep(with(now, InstanceState.CONNECTED, jid, now.lastDisconnect(), null, null, true));
                    case Disconnected d
                    when d.willReconnect() ->
                        new Transition(
                                with(
                                        now,
                                        InstanceState.CONNECTING,
                                        jid,
                                        last(DisconnectReason.NETWORK, null, at, null),
                                        null,
                                        null,
                                        now.hasSession()),
                                DisconnectReason.NETWORK,
                                false);
                    case Disconnected d -> ended(now, DisconnectReason.NETWORK, null, at);
                    case ConnectAttemptFailed f when f.willRetry() -> null;
                    case ConnectAttemptFailed f -> ended(now, DisconnectReason.NETWORK, null, at);
                    case LoggedOut l when l.reason() == LOGGED_OUT -> loggedOut(now, l.reason(), at);
                    case LoggedOut l ->
                        new Transition(
                                with(
                                        now,
                                        InstanceState.BANNED,
                                        jid,
                                        last(DisconnectReason.BANNED, l.reason(), at, null),
                                        null,
                                        null,
                                        false),
                                DisconnectReason.BANNED,
                                true);
                    case TemporaryBan t ->
                        new Transition(
                                with(
                                        now,
                                        InstanceState.BANNED,
                                        jid,
                                        last(DisconnectReason.TEMP_BANNED, t.code(), at, t.expiresAt()),
                                        null,
                                        null,
                                        now.hasSession()),
                                DisconnectReason.TEMP_BANNED,
                                true);
                    case StreamReplaced r -> ended(now, DisconnectReason.REPLACED, null, at);
                    case ClientOutdated o -> ended(now, DisconnectReason.CLIENT_OUTDATED, 405, at);
                    case ConnectFailure f -> ended(now, DisconnectReason.NETWORK, f.reason(), at);
                    case QrTimeout t -> ended(now, DisconnectReason.QR_TIMEOUT, null, at);
                    case PairError p -> ended(now, DisconnectReason.NETWORK, null, at);
                    default -> null;
                });
    }

    /** The instance was unlinked (by the phone, {@code code} = WhatsApp's reason, or by the API, null): session wiped. */
    public static Transition loggedOut(Connection now, Integer code, Instant at) {
        return new Transition(
                with(
                        now,
                        InstanceState.LOGGEDOUT,
                        null,
                        last(DisconnectReason.LOGGED_OUT, code, at, null),
                        null,
                        null,
                        false),
                DisconnectReason.LOGGED_OUT,
                true);
    }

    /** The host closed the socket on its way down; the saved session stays and another host resumes it. */
    public static Transition hostShutdown(Connection now, Instant at) {
        return ended(now, DisconnectReason.HOST_SHUTDOWN, null, at);
    }

    private static Transition ended(Connection now, DisconnectReason reason, Integer code, Instant at) {
        return new Transition(
                with(
                        now,
                        InstanceState.DISCONNECTED,
                        now.numberJid(),
                        last(reason, code, at, null),
                        null,
                        null,
                        now.hasSession()),
                reason,
                true);
    }

    private static Transition keep(Connection next) {
        return new Transition(next, null, false);
    }

    private static LastDisconnect last(DisconnectReason reason, Integer code, Instant at, Instant bannedUntil) {
        return new LastDisconnect(reason, code, at, bannedUntil);
    }

    private static Connection with(
            Connection now,
            InstanceState state,
            String jid,
            LastDisconnect last,
            String qr,
            Instant qrExpiresAt,
            boolean hasSession) {
        return new Connection(state, jid, now.presenceStatus(), now.displayStatus(), last, qr, qrExpiresAt, hasSession);
    }
}
