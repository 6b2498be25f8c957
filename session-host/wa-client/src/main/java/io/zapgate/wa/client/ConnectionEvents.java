package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.StreamError;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import java.lang.System.Logger.Level;

/**
 * Maps {@code <failure>} and {@code <stream:error>} to events and lifecycle actions (spec §7.2, §7.3;
 * whatsmeow {@code connectionevents.go}). Permanent outcomes close the link as expected (no reconnect);
 * logged-out outcomes first delete the saved session. 500/503 and unknown stream errors let the close be
 * treated as a drop (auto-reconnect); 515 restarts with the login payload.
 */
final class ConnectionEvents {
    private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());

    private final ClientCore core;

    ConnectionEvents(ClientCore core) {
        this.core = core;
    }

    void onFailure(Link link, Node failure) {
        int reason = failure.attr("reason").map(IqRequests::parseInt).orElse(500);
        LOG.log(Level.INFO, "connect failure, reason {0}", reason);
        switch (reason) {
            case 401, 403, 406 -> loggedOut(link, reason, true);
            case 402 -> {
                int code = failure.attr("code").map(IqRequests::parseInt).orElse(0);
                long expire = failure.attr("expire").map(IqRequests::parseInt).orElse(0);
                permanent(link);
                core.emit(new TemporaryBan(code, core.clock().instant().plusSeconds(expire)));
            }
            case 405 -> core.outdated.onRefused(link);
            case 500, 503 -> link.close(false);
            default -> {
                permanent(link);
                core.emit(new ConnectFailure(reason, failure.attr("message").orElse("")));
            }
        }
    }

    void onStreamError(Link link, Node error) {
        String code = error.attr("code").orElse("");
        String conflict = error.child("conflict").flatMap(n -> n.attr("type")).orElse("");
        LOG.log(Level.INFO, "stream error code={0} conflict={1}", code, conflict);
        if (code.equals("515")) {
            core.lifecycle.restart(link);
        } else if (conflict.equals("device_removed") || (code.equals("401") && conflict.isEmpty())) {
            loggedOut(link, 401, false);
        } else if (conflict.equals("replaced")) {
            permanent(link);
            core.emit(new StreamReplaced());
        } else if (!code.equals("503")) {
            core.emit(new StreamError(code));
        }
    }

    private void loggedOut(Link link, int reason, boolean onConnect) {
        permanent(link);
        core.executor().execute(() -> {
            try {
                core.wipeSession();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "could not delete the session after logout", e);
            }
            core.emit(new LoggedOut(reason, onConnect));
        });
    }

    private static void permanent(Link link) {
        link.close(true);
    }
}
