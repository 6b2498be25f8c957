package io.zapgate.sessionhost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.SessionLeases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the two sides of the command-result ports do together (the in-memory fake and DynamoDB — the sink's
 * table read back through its stream — run these same methods): a result published after {@code expect} reaches
 * its waiter with every field, other requests' results do not, and a waiter without a result times out empty.
 * A result published under a lease is written only while that lease's owner and fencing token are still the
 * lease row's: an older owner's (or a released lease's) result is not written at all.
 */
public abstract class CommandResultsContract {
    protected static final Duration WAIT = Duration.ofSeconds(15);
    private final Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** The waiting side. */
    protected abstract CommandResults results();

    /** The publishing side, writing where {@link #results()} reads; its fenced publishes check {@link #leases()}. */
    protected abstract CommandResultSink sink();

    /** The session leases fenced publishes are checked against. */
    protected abstract SessionLeases leases();

    private CommandResult result(String requestId, CommandResult.Kind kind) {
        return switch (kind) {
            case QR ->
                new CommandResult(
                        requestId, "acc-1", "demo", kind, "2@ref,key,key,adv,1", at.plusSeconds(60), null, null, at);
            case PAIRING_CODE -> new CommandResult(requestId, "acc-1", "demo", kind, null, null, "ABCD-EFGH", null, at);
            case FAILED -> new CommandResult(requestId, "acc-1", "demo", kind, null, null, null, "no session", at);
            default -> new CommandResult(requestId, "acc-1", "demo", kind, null, null, null, null, at);
        };
    }

    private Optional<CommandResult> publishAndAwait(CommandResult published) throws Exception {
        try (CommandResults.Pending pending = results().expect(published.requestId())) {
            CompletableFuture<Optional<CommandResult>> waiting =
                    CompletableFuture.supplyAsync(() -> pending.await(WAIT));
            sink().publish(published);
            return waiting.get();
        }
    }

    @Test
    void aQrResultArrivesWithEveryField() throws Exception {
        CommandResult sent = result(UUID.randomUUID().toString(), CommandResult.Kind.QR);
        CommandResult got = publishAndAwait(sent).orElseThrow();
        assertThat(got.requestId()).isEqualTo(sent.requestId());
        assertThat(got.kind()).isEqualTo(CommandResult.Kind.QR);
        assertThat(got.qrCode()).isEqualTo(sent.qrCode());
        assertThat(got.expiresAt()).isEqualTo(sent.expiresAt());
        assertThat(got.accountId()).isEqualTo("acc-1");
        assertThat(got.instanceName()).isEqualTo("demo");
    }

    @Test
    void pairingCodesAndFailuresArriveWithTheirFields() throws Exception {
        CommandResult code = publishAndAwait(result(UUID.randomUUID().toString(), CommandResult.Kind.PAIRING_CODE))
                .orElseThrow();
        assertThat(code.pairingCode()).isEqualTo("ABCD-EFGH");
        CommandResult failed = publishAndAwait(result(UUID.randomUUID().toString(), CommandResult.Kind.FAILED))
                .orElseThrow();
        assertThat(failed.kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(failed.message()).isEqualTo("no session");
        CommandResult done = publishAndAwait(result(UUID.randomUUID().toString(), CommandResult.Kind.DONE))
                .orElseThrow();
        assertThat(done.kind()).isEqualTo(CommandResult.Kind.DONE);
    }

    @Test
    void anotherRequestsResultIsNotDelivered() throws Exception {
        String mine = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results().expect(mine)) {
            sink().publish(result("other-" + mine, CommandResult.Kind.DONE));
            assertThat(pending.await(Duration.ofMillis(500))).isEmpty();
            sink().publish(result(mine, CommandResult.Kind.ALREADY_CONNECTED));
            assertThat(pending.await(WAIT).map(CommandResult::kind)).contains(CommandResult.Kind.ALREADY_CONNECTED);
        }
    }

    @Test
    void withoutAResultTheWaitEndsEmpty() {
        try (CommandResults.Pending none = results().expect("never-" + UUID.randomUUID())) {
            assertThat(none.await(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aResultFencedByTheCurrentLeaseArrives() throws Exception {
        String instanceId = "inst-" + UUID.randomUUID();
        SessionLeases.Lease lease =
                leases().acquire(instanceId, "host-a", Duration.ofMinutes(1)).orElseThrow();
        CommandResult sent = result(UUID.randomUUID().toString(), CommandResult.Kind.QR);
        try (CommandResults.Pending pending = results().expect(sent.requestId())) {
            assertThat(sink().publish(sent, lease)).isTrue();
            assertThat(pending.await(WAIT).map(CommandResult::qrCode)).contains(sent.qrCode());
        }
    }

    @Test
    void aResultOfAnOlderOwnerIsNotWritten() {
        String instanceId = "inst-" + UUID.randomUUID();
        SessionLeases.Lease older =
                leases().acquire(instanceId, "host-a", Duration.ofMinutes(1)).orElseThrow();
        leases().release(instanceId, "host-a");
        SessionLeases.Lease newer =
                leases().acquire(instanceId, "host-b", Duration.ofMinutes(1)).orElseThrow();
        assertThat(newer.fencingToken()).isGreaterThan(older.fencingToken());

        CommandResult stale = result(UUID.randomUUID().toString(), CommandResult.Kind.QR);
        try (CommandResults.Pending pending = results().expect(stale.requestId())) {
            assertThat(sink().publish(stale, older)).isFalse();
            // the same owner name with an older token is refused too
            assertThat(sink().publish(stale, new SessionLeases.Lease(instanceId, "host-b", older.fencingToken(), at)))
                    .isFalse();
            assertThat(pending.await(Duration.ofSeconds(2))).isEmpty();
        }
        CommandResult current = result(UUID.randomUUID().toString(), CommandResult.Kind.DONE);
        try (CommandResults.Pending pending = results().expect(current.requestId())) {
            assertThat(sink().publish(current, newer)).isTrue();
            assertThat(pending.await(WAIT).map(CommandResult::kind)).contains(CommandResult.Kind.DONE);
        }
    }

    @Test
    void aResultUnderAReleasedLeaseIsNotWritten() {
        String instanceId = "inst-" + UUID.randomUUID();
        SessionLeases.Lease lease =
                leases().acquire(instanceId, "host-a", Duration.ofMinutes(1)).orElseThrow();
        leases().release(instanceId, "host-a");
        CommandResult sent = result(UUID.randomUUID().toString(), CommandResult.Kind.DONE);
        try (CommandResults.Pending pending = results().expect(sent.requestId())) {
            assertThat(sink().publish(sent, lease)).isFalse();
            assertThat(pending.await(Duration.ofSeconds(2))).isEmpty();
        }
    }
}
