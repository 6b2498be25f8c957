package io.zapgate.sessionhost.session;

import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.ConnectTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connect requests of one session still waiting for their first code: a QR code, or a pairing code when
 * the request named a phone number. Each request id is answered once; a request that arrives while a QR is
 * on offer is answered at once with the current one.
 */
final class ConnectWaiters {
    /** A pending request; {@code number} is null for a QR link; {@code timeline} may be null. */
    record Waiter(String requestId, String number, ConnectTimeline timeline) {}

    private final ResultWriter results;
    private final List<Waiter> pending = new ArrayList<>();
    private final Set<String> answered = new HashSet<>();
    private final Set<String> codeRequested = new HashSet<>();
    private String qr;
    private Instant qrExpiresAt;

    ConnectWaiters(ResultWriter results) {
        this.results = results;
    }

    /**
     * Adds a request, answering it at once with the QR on offer if there is one.
     *
     * @return phone numbers whose pairing code should be asked for now (the socket shows QR codes already)
     */
    synchronized List<String> add(String requestId, String number) {
        return add(requestId, number, null);
    }

    /** {@link #add(String, String)} with the request's timeline (stamped as the session goes; may be null). */
    synchronized List<String> add(String requestId, String number, ConnectTimeline timeline) {
        if (requestId != null && answered.contains(requestId)) {
            return List.of();
        }
        if (number == null && qr != null) {
            answer(requestId);
            results.qr(requestId, qr, qrExpiresAt, timeline);
            return List.of();
        }
        pending.add(new Waiter(requestId, number, timeline));
        return qr == null ? List.of() : numbersToRequest();
    }

    /** Stamps {@code stage} on the timeline of every waiting request (first time counts). */
    synchronized void stamp(ConnectTimeline.Stage stage) {
        Instant now = Instant.now();
        for (Waiter w : pending) {
            if (w.timeline() != null) {
                w.timeline().stamp(stage, now);
            }
        }
    }

    /** A QR code (first or rotated): answers QR requests; @return numbers whose pairing code to ask for */
    synchronized List<String> onQr(String code, Instant expiresAt) {
        qr = code;
        qrExpiresAt = expiresAt;
        for (Waiter w : List.copyOf(pending)) {
            if (w.number() == null) {
                pending.remove(w);
                answer(w.requestId());
                results.qr(w.requestId(), code, expiresAt, w.timeline());
            }
        }
        return numbersToRequest();
    }

    /** A pairing code arrived: answers the requests that asked for one. */
    synchronized void onPairingCode(String code) {
        for (Waiter w : List.copyOf(pending)) {
            if (w.number() != null) {
                pending.remove(w);
                answer(w.requestId());
                results.pairingCode(w.requestId(), code, w.timeline());
            }
        }
    }

    /** The session logged in (a saved session): whoever still waits learns it is connected. */
    synchronized void onConnected() {
        qr = null;
        finish(Kind.ALREADY_CONNECTED, null);
    }

    /** The session ended before answering: every waiting request fails with {@code message}. */
    synchronized void fail(String message) {
        qr = null;
        finish(Kind.FAILED, message);
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** @return the QR code on offer, or null */
    synchronized String currentQr() {
        return qr;
    }

    private List<String> numbersToRequest() {
        List<String> out = new ArrayList<>();
        for (Waiter w : pending) {
            if (w.number() != null && codeRequested.add(w.number())) {
                out.add(w.number());
            }
        }
        return out;
    }

    private void finish(Kind kind, String message) {
        for (Waiter w : pending) {
            answer(w.requestId());
            results.outcome(w.requestId(), kind, message, w.timeline());
        }
        pending.clear();
    }

    private void answer(String requestId) {
        if (requestId != null) {
            answered.add(requestId);
        }
    }
}
