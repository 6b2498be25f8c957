package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.store.Device;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * After {@code <success>} (spec §7.1; whatsmeow {@code handleConnectSuccess}): remember the LID, check/upload
 * pre-keys, mark the connection active ({@code xmlns="passive"} {@code <active/>}), reset the reconnect
 * backoff, then emit {@link Connected}. Runs on a virtual thread because it waits for IQ answers; a failed
 * pre-key or passive IQ is logged and does not prevent {@link Connected} (as in whatsmeow).
 */
final class LoginFlow {
    private static final System.Logger LOG = System.getLogger(LoginFlow.class.getName());

    private final ClientCore core;

    LoginFlow(ClientCore core) {
        this.core = core;
    }

    void onSuccess(Link link, Node success) {
        if (!core.device().isPaired()) {
            LOG.log(Level.DEBUG, "ignoring <success> while not paired");
            return;
        }
        core.markLoggedIn();
        core.outdated.reset();
        Optional<Jid> lid = success.jidAttr("lid");
        core.executor().execute(() -> afterLogin(link, lid));
    }

    private void afterLogin(Link link, Optional<Jid> lid) {
        try {
            Device device = core.device();
            if (lid.isPresent() && !lid.equals(device.lid())) {
                core.saveDevice(device.withLid(lid.get()));
            }
            PreKeyUpload.ensure(core, link);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pre-key check after login failed: " + e.getMessage());
        }
        try {
            setPassive(link, false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "setting the connection active failed: " + e.getMessage());
        }
        if (link.isOpen() && core.isCurrent(link)) {
            core.lifecycle.onLoggedIn();
            LOG.log(Level.INFO, "logged in");
            core.emit(new Connected());
        } else {
            LOG.log(
                    Level.INFO,
                    "login finished on a connection that is {0}; not reporting Connected",
                    link.isOpen() ? "no longer current" : "closed");
        }
    }

    /** {@code <iq xmlns="passive" type="set"><active/></iq>} (or {@code <passive/>}); waits for the answer. */
    void setPassive(Link link, boolean passive) {
        core.iq
                .query(link, "passive", "set", List.of(Node.of(passive ? "passive" : "active")))
                .join();
    }
}
