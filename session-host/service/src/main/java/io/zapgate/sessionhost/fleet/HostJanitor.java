package io.zapgate.sessionhost.fleet;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.queue.HostQueues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cleans up after session hosts that died (docs/fleet.md, "Janitor"): a heartbeat row expired for longer than
 * {@code grace} names a host that is gone; what is left in its own queue is moved to the shared queue, then the
 * queue and the row are deleted. Only when no lease names that host as a live owner (a host whose heartbeat
 * writes fail but whose renewals succeed keeps its queue), and the row is deleted only if it is still expired
 * (a host that came back keeps it). Best-effort and logged; the next run retries.
 */
public final class HostJanitor {
    private static final Log LOG = Log.get(HostJanitor.class);
    /** Dead hosts handled per run at most. */
    static final int PER_RUN = 10;

    private final SqsClient sqs;
    private final SessionLeases leases;
    private final String sharedQueueUrl;
    private final String self;
    private final Clock clock;
    private final Duration grace;

    public HostJanitor(
            SqsClient sqs, SessionLeases leases, String sharedQueueUrl, String self, Clock clock, Duration grace) {
        this.sqs = sqs;
        this.leases = leases;
        this.sharedQueueUrl = sharedQueueUrl;
        this.self = self;
        this.clock = clock;
        this.grace = grace;
    }

    /** One run; returns how many dead hosts were cleaned up. */
    public int run() {
        Instant now = clock.instant();
        Instant before = now.minus(grace);
        int cleaned = 0;
        try {
            for (SessionLeases.Host h : leases.lapsedHosts(before, PER_RUN)) {
                if (h.hostId().equals(self)) {
                    continue; // our own row lapsed (renewals failing): never our own queue
                }
                try {
                    if (leases.holdsLiveLease(h.hostId(), now)) {
                        LOG.warn("host heartbeat lapsed but it still holds live leases; kept", "host", h.hostId());
                        continue;
                    }
                    int moved = h.queueUrl() == null ? 0 : HostQueues.drainAndDelete(sqs, h.queueUrl(), sharedQueueUrl);
                    if (leases.removeHost(h.hostId(), before)) {
                        cleaned++;
                        LOG.info("dead host cleaned up", "host", h.hostId(), "queue", h.queueUrl(), "moved", moved);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("dead host not cleaned up; a later run retries", e, "host", h.hostId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("janitor run failed; a later run retries", e);
        }
        return cleaned;
    }
}
