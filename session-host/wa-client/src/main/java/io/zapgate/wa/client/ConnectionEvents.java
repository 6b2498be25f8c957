package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.WaEvent;
import java.lang.System.Logger.Level;

/**
 * Carries out what {@link DisconnectRules} decides for {@code <failure>} and {@code <stream:error>} (spec §7.2,
 * §7.3; whatsmeow {@code connectionevents.go}). Permanent outcomes close the link as expected (no reconnect);
 * logged-out outcomes first delete the saved session; 500/503 failures close the link as a drop
 * (auto-reconnect); stream errors other than 515 and the permanent ones wait for the server's close, which is
 * a drop; 515 restarts with the login payload. The 405 (client outdated) failure goes to {@link OutdatedRetry}: refetch the version, retry once.
 */
final class ConnectionEvents {
    private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());

    private final ClientCore core;

    ConnectionEvents(ClientCore core) {
        this.core = core;
    }

    void onFailure(Link link, Node failure) {
        int reason = DisconnectRules.failureReason(failure);
        LOG.log(Level.INFO, "connect failure, reason {0}", reason);
        switch (reason) {
            case 405 -> core.outdated.onRefused(link);
            default ->
                apply(link, DisconnectRules.forFailure(failure, core.clock().instant()));
        }
    }

    void onStreamError(Link link, Node error) {
        LOG.log(
                Level.INFO,
                "stream error code={0} condition={1} ack-id={2}",
                error.attr("code").orElse(""),
                DisconnectRules.condition(error),
                error.child("ack").flatMap(n -> n.attr("id")).orElse(""));
        apply(link, DisconnectRules.forStreamError(error));
    }

    private void apply(Link link, DisconnectRules.Decision decision) {
        switch (decision.action()) {
            case RESTART -> core.lifecycle.restart(link);
            case LOG_OUT -> loggedOut(link, decision.event().orElseThrow());
            case STOP -> {
                permanent(link);
                decision.event().ifPresent(core::emit);
            }
            case RECONNECT -> link.close(false);
            case AWAIT_CLOSE -> decision.event().ifPresent(core::emit);
        }
    }

    private void loggedOut(Link link, WaEvent event) {
        permanent(link);
        core.executor().execute(() -> {
            try {
                core.wipeSession();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "could not delete the session after logout", e);
            }
            core.emit(event);
        });
    }

    private static void permanent(Link link) {
        link.close(true);
    }
}
