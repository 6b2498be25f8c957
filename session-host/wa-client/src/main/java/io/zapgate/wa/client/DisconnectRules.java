package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.StreamError;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import io.zapgate.wa.events.WaEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What the client does when the server ends a session or refuses a login: one pure function per stanza, read
 * top to bottom like a table (first matching row wins). {@link ConnectionEvents} carries the decisions out.
 *
 * <p>{@code <stream:error>} during a session (whatsmeow {@code connectionevents.go} {@code handleStreamError}):
 * <pre>
 *  code=515                            → RESTART     (no event)
 *  code=401 + conflict device_removed  → LOG_OUT     LoggedOut(401, onConnect=false)
 *  conflict replaced                   → STOP        StreamReplaced
 *  code=503                            → AWAIT_CLOSE (no event)
 *  anything else (bare 401, &lt;ack id/&gt;,
 *    unknown codes, no code)           → AWAIT_CLOSE StreamError(code, condition)
 * </pre>
 *
 * <p>{@code <failure reason=…>} answering our login (whatsmeow {@code handleConnectFailure}; a missing or
 * unreadable reason is 0, as whatsmeow's {@code ag.Int}):
 * <pre>
 *  401, 403, 406  → LOG_OUT   LoggedOut(reason, onConnect=true)
 *  402            → STOP      TemporaryBan(code, now + expire s)
 *  500, 503       → RECONNECT (no event)
 *  405            → not here: ConnectionEvents' own client-version branch
 *  anything else  → STOP      ConnectFailure(reason, message)   (400, 409, 415, 418, 501, 0, …)
 * </pre>
 * A bare {@code <xmlstreamend/>} only gets logged ({@link NodeRouter}; whatsmeow {@code handleFrame}).
 * Left out: whatsmeow's Messenger CAT refresh (413/414), which a WhatsApp companion never sees.
 */
final class DisconnectRules {

    /** What to do with the connection. */
    enum Action {
        /** Close quietly and log in again at once, no backoff and no {@code Disconnected} (the 515 restart). */
        RESTART,
        /** Close as expected, delete the saved session, then emit the event; no reconnect. */
        LOG_OUT,
        /** Close as expected and emit the event; no reconnect. */
        STOP,
        /** Close it now as a drop: {@code Disconnected} and auto-reconnect with backoff. */
        RECONNECT,
        /** Emit the event (if any) and keep reading: the server closes, which is a drop (auto-reconnect). */
        AWAIT_CLOSE
    }

    /** One row's outcome; {@code event} is empty when nothing is reported. */
    record Decision(Action action, Optional<WaEvent> event) {
        static Decision of(Action action) {
            return new Decision(action, Optional.empty());
        }

        static Decision of(Action action, WaEvent event) {
            return new Decision(action, Optional.of(event));
        }
    }

    private DisconnectRules() {}

    /** The stream-error table above. */
    static Decision forStreamError(Node error) {
        String code = error.attr("code").orElse("");
        String conflict = error.child("conflict").flatMap(n -> n.attr("type")).orElse("");
        if (code.equals("515")) {
            return Decision.of(Action.RESTART);
        } else if (code.equals("401") && conflict.equals("device_removed")) {
            return Decision.of(Action.LOG_OUT, new LoggedOut(401, false));
        } else if (conflict.equals("replaced")) {
            return Decision.of(Action.STOP, new StreamReplaced());
        } else if (code.equals("503")) {
            return Decision.of(Action.AWAIT_CLOSE);
        }
        return Decision.of(Action.AWAIT_CLOSE, new StreamError(code, condition(error)));
    }

    /** The failure table above; {@code now} dates a ban's end. Not meant for 405 (see the table). */
    static Decision forFailure(Node failure, Instant now) {
        int reason = failureReason(failure);
        return switch (reason) {
            case 401, 403, 406 -> Decision.of(Action.LOG_OUT, new LoggedOut(reason, true));
            case 402 ->
                Decision.of(
                        Action.STOP,
                        new TemporaryBan(intAttr(failure, "code"), now.plusSeconds(intAttr(failure, "expire"))));
            case 500, 503 -> Decision.of(Action.RECONNECT);
            default ->
                Decision.of(
                        Action.STOP,
                        new ConnectFailure(reason, failure.attr("message").orElse("")));
        };
    }

    /** The {@code reason} attribute of a {@code <failure>}; 0 if missing or not a number. */
    static int failureReason(Node failure) {
        return intAttr(failure, "reason");
    }

    /** First child's tag, plus {@code :type} when it has a type; empty without children. */
    static String condition(Node error) {
        return error.children().stream()
                .findFirst()
                .map(child -> child.tag() + child.attr("type").map(t -> ":" + t).orElse(""))
                .orElse("");
    }

    private static int intAttr(Node node, String name) {
        return node.attr(name).map(IqRequests::parseInt).orElse(0);
    }
}
