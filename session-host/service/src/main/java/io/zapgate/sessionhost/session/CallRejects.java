package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.log.Log;
import io.zapgate.wa.events.CallOffer;
import java.util.Optional;

/**
 * The {@code autoRejectCalls} setting of one live session: on every incoming call offer it re-reads the
 * instance's settings (so a change through the settings route applies to the next call, whether or not the
 * APPLY_SETTINGS command has arrived yet) and, when the setting is on, rejects the call.
 *
 * <p>{@code callRejectMessage} is not sent: a chat message needs Signal end-to-end encryption, which our client
 * does not implement. That is logged at INFO each time it would have been sent.
 */
final class CallRejects {
    private static final Log LOG = Log.get(CallRejects.class);
    static final String MESSAGE_NOT_SENT = "call reject message not sent: chat messages need Signal end-to-end "
            + "encryption, which this client does not implement";

    private final Instance instance;
    private final SessionClient client;
    private final SessionPorts ports;

    CallRejects(Instance instance, SessionClient client, SessionPorts ports) {
        this.instance = instance;
        this.client = client;
        this.ports = ports;
    }

    /** Rejects {@code offer} if the instance (still this incarnation) has {@code autoRejectCalls} on. */
    void onOffer(CallOffer offer) {
        Optional<Settings> settings = ports.instances()
                .find(instance.key())
                .filter(row -> row.id().equals(instance.id()))
                .map(Instance::settings);
        if (settings.isEmpty() || !settings.get().autoRejectCalls()) {
            LOG.debug("incoming call left ringing", "instance", instance.name(), "callId", offer.callId());
            return;
        }
        client.rejectCall(offer.from(), offer.callId()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.info(
                        "call not rejected",
                        "instance",
                        instance.name(),
                        "callId",
                        offer.callId(),
                        "error",
                        error.toString());
            } else {
                LOG.info(
                        "call rejected",
                        "instance",
                        instance.name(),
                        "callId",
                        offer.callId(),
                        "video",
                        offer.isVideo());
            }
        });
        String message = settings.get().callRejectMessage();
        if (message != null && !message.isBlank()) {
            LOG.info(MESSAGE_NOT_SENT, "instance", instance.name(), "callId", offer.callId());
        }
    }
}
