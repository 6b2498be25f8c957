package io.zapgate.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.aws.EventCodec;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.WebhookSignature;
import io.zapgate.functions.support.FifoBatch;
import io.zapgate.functions.support.Services;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivers {@code instance.state} events from the FIFO event queue to the instance's webhooks (up to 3),
 * signed, with its Authorization header, in order per instance. A failed delivery is retried with
 * exponential backoff (the message's visibility is extended) and lands in the dead-letter queue after the
 * queue's last try; later messages of the same instance wait behind it. Delivery is at least once:
 * receivers dedupe by {@code X-Zapgate-Event-Id}.
 */
public final class WebhookDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Log LOG = Log.get(WebhookDeliveryHandler.class);
    private final WebhookDelivery d;

    public WebhookDeliveryHandler() {
        this(Services.fromEnvironment());
    }

    public WebhookDeliveryHandler(Services services) {
        this(services.webhookDelivery());
    }

    public WebhookDeliveryHandler(WebhookDelivery delivery) {
        this.d = delivery;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // later events of a failing instance wait behind it, and come back with it
        return FifoBatch.run(
                event,
                this::deliver,
                (held, failed) -> d.retry().delay(held.getReceiptHandle(), d.backoff(attempt(failed))));
    }

    /** @return false to have the message retried */
    private boolean deliver(SQSEvent.SQSMessage m) {
        InstanceEvent e;
        try {
            e = EventCodec.decode(m.getBody());
        } catch (IllegalArgumentException bad) {
            LOG.warn("dropping a message that is not an event", "messageId", m.getMessageId());
            return true;
        }
        Log.context("instance", e.instanceName());
        Instance instance;
        try {
            instance = d.instances()
                    .find(new InstanceKey(e.accountId(), e.instanceName()))
                    .filter(i -> i.id().equals(e.instanceId()))
                    .orElse(null);
        } catch (RuntimeException storage) {
            LOG.warn("instance not readable; the event will be retried", storage, "eventId", e.eventId());
            return false;
        }
        if (instance == null || !wanted(instance.webhook(), e)) {
            return true;
        }
        int attempt = attempt(m);
        String unreadable = unreadableSecret(instance);
        if (unreadable != null) {
            // a stored secret the webhook needs could not be decrypted (a key missing from the
            // ZAPGATE_ENCRYPTION_KEY ring, a KMS key this role cannot use, a tampered row): never send unsigned
            // or without the receiver's Authorization; retry, then the dead-letter queue
            LOG.error(
                    "webhook secret unreadable: not sent (check ZAPGATE_KMS_KEY_ID / ZAPGATE_ENCRYPTION_KEY)",
                    null,
                    "field",
                    unreadable,
                    "eventId",
                    e.eventId(),
                    "attempt",
                    attempt);
            d.retry()
                    .delay(
                            m.getReceiptHandle(),
                            attempt >= d.maxAttempts() ? java.time.Duration.ZERO : d.backoff(attempt));
            Log.context("instance", null);
            return false;
        }
        boolean ok = true;
        for (String url : instance.webhook().urls()) {
            if (instance.webhook().format() == WebhookSettings.Format.EVOLUTION) {
                for (EvolutionEvents.Call call : EvolutionEvents.calls(instance, e, url)) {
                    ok &= postOne(call.url(), instance.webhook(), e, call.event(), call.body(), attempt);
                }
            } else {
                ok &= postOne(
                        target(instance.webhook(), url, e),
                        instance.webhook(),
                        e,
                        e.event(),
                        EventCodec.encode(e),
                        attempt);
            }
        }
        if (!ok) {
            if (attempt >= d.maxAttempts()) {
                LOG.warn(
                        "webhook delivery failed for the last time: moving to the dead-letter queue",
                        "eventId",
                        e.eventId(),
                        "attempt",
                        attempt);
                d.retry().delay(m.getReceiptHandle(), java.time.Duration.ZERO);
            } else {
                d.retry().delay(m.getReceiptHandle(), d.backoff(attempt));
            }
        }
        Log.context("instance", null);
        return ok;
    }

    /**
     * The webhook secret of the instance that could not be decrypted, or null. Every webhook gets a signing
     * secret when it is set, so a missing one is unreadable too (a row read before unreadable secrets were
     * named).
     */
    static String unreadableSecret(Instance instance) {
        if (instance.unreadable(Instance.WEBHOOK_SIGNING_SECRET)
                || instance.webhook().signingSecret() == null) {
            return Instance.WEBHOOK_SIGNING_SECRET;
        }
        if (instance.unreadable(Instance.WEBHOOK_AUTHORIZATION)) {
            return Instance.WEBHOOK_AUTHORIZATION;
        }
        if (instance.unreadable(Instance.WEBHOOK_HEADERS)) {
            return Instance.WEBHOOK_HEADERS;
        }
        return null;
    }

    private boolean postOne(
            String url, WebhookSettings w, InstanceEvent e, String eventName, String body, int attempt) {
        long ts = d.clock().instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Zapgate-Webhooks/1");
        headers.put("X-Zapgate-Event", eventName);
        headers.put("X-Zapgate-Event-Id", e.eventId());
        headers.put("X-Zapgate-Attempt", Integer.toString(attempt));
        headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts));
        headers.put(WebhookSignature.HEADER, WebhookSignature.sign(w.signingSecret(), ts, body));
        w.headers().forEach((name, value) -> {
            if (!headers.containsKey(name)) {
                headers.put(name, value);
            }
        });
        if (w.authorization() != null) {
            headers.put("Authorization", w.authorization());
        }
        try {
            int status = d.sender().post(url, headers, body);
            if (status / 100 == 2) {
                return true;
            }
            LOG.info("webhook answered an error", "status", status, "eventId", e.eventId(), "attempt", attempt);
        } catch (UrlGuard.Refused refused) {
            // never callable (invalid URL, private or reserved address): retrying cannot help
            LOG.warn("webhook not called", "reason", refused.getMessage(), "eventId", e.eventId());
            return true;
        } catch (IOException ex) {
            LOG.info("webhook unreachable", "error", ex.getMessage(), "eventId", e.eventId(), "attempt", attempt);
        }
        return false;
    }

    private static boolean wanted(WebhookSettings w, InstanceEvent e) {
        return w.enabled()
                && !w.urls().isEmpty()
                && (w.format() == WebhookSettings.Format.EVOLUTION // filtered per Evolution event
                        || w.events().isEmpty()
                        || w.events().contains(e.event()));
    }

    /** With {@code webhookByEvents}, the event name is appended as a path segment: {@code …/instance-state}. */
    static String target(WebhookSettings w, String url, InstanceEvent e) {
        if (!w.byEvents()) {
            return url;
        }
        return (url.endsWith("/") ? url : url + "/") + e.event().replace('.', '-');
    }

    private static int attempt(SQSEvent.SQSMessage m) {
        try {
            return Integer.parseInt(m.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
