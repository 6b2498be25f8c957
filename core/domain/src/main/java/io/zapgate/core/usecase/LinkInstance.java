package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.ConnectTimeline;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * connect / reconnect / logout: the routes that need the instance's socket. Each sends a command to the
 * session host; connect and logout wait for its result (started watching before the send).
 */
public final class LinkInstance {
    public static final String QR_FAILED = "Failed to generate QR code";
    public static final String LOGOUT_FAILED = "Failed to logout instance";
    public static final String NO_SESSION = "Instance has no saved session — call /connect first";
    private final InstanceLookup lookup;
    private final CommandBus commands;
    private final CommandResults results;
    private final Clock clock;
    private final Duration wait;

    public LinkInstance(
            InstanceLookup lookup, CommandBus commands, CommandResults results, Clock clock, Duration wait) {
        this.lookup = lookup;
        this.commands = commands;
        this.results = results;
        this.clock = clock;
        this.wait = wait;
    }

    /**
     * What connect answered: a QR, a pairing code, or "already connected"; with the request id the session host
     * answered and the connect's {@linkplain ConnectTimeline stages} (null when no command was sent).
     */
    public record Linking(
            CommandResult.Kind kind,
            String qrCode,
            java.time.Instant expiresAt,
            String pairingCode,
            String requestId,
            ConnectTimeline timeline) {
        public Linking(CommandResult.Kind kind, String qrCode, java.time.Instant expiresAt, String pairingCode) {
            this(kind, qrCode, expiresAt, pairingCode, null, null);
        }
    }

    /**
     * @param phone E.164 digits for a pairing code, or null for a QR
     * @param historyDays days of history to ask the phone for at pairing, or null
     */
    public Linking connect(Principal caller, String instanceName, String phone, Integer historyDays) {
        return connect(caller, instanceName, phone, historyDays, new ConnectTimeline());
    }

    /**
     * {@link #connect(Principal, String, String, Integer)} stamping {@code timeline}: command sent, the session
     * host's stages (from the result), result seen.
     */
    public Linking connect(
            Principal caller, String instanceName, String phone, Integer historyDays, ConnectTimeline timeline) {
        String requestId = UUID.randomUUID().toString();
        // the result is watched from before the send, as always; the watch is set up while the instance is read
        CompletableFuture<CommandResults.Pending> watching = CompletableFuture.supplyAsync(
                () -> results.expect(requestId),
                r -> Thread.ofVirtual().name("watch-" + requestId).start(r));
        Instance instance;
        try {
            instance = lookup.load(caller, instanceName);
        } catch (RuntimeException e) {
            watching.thenAccept(CommandResults.Pending::close);
            throw e;
        }
        if (instance.connection().state() == InstanceState.CONNECTED) {
            watching.thenAccept(CommandResults.Pending::close);
            return new Linking(CommandResult.Kind.ALREADY_CONNECTED, null, null, null);
        }
        int days = historyDays == null ? 0 : historyDays;
        CommandResult r = sendAndWait(
                        instance,
                        requestId,
                        watching,
                        (h, id) -> new InstanceCommand.Connect(h, id, phone, days),
                        timeline)
                .orElseThrow(() -> new ZapgateException(ErrorCode.INTERNAL, QR_FAILED));
        boolean usable = switch (r.kind()) {
            case QR -> r.qrCode() != null && !r.qrCode().isBlank();
            case PAIRING_CODE -> r.pairingCode() != null && !r.pairingCode().isBlank();
            case ALREADY_CONNECTED -> true;
            default -> false;
        };
        if (!usable) {
            throw new ZapgateException(ErrorCode.INTERNAL, QR_FAILED);
        }
        return new Linking(r.kind(), r.qrCode(), r.expiresAt(), r.pairingCode(), r.requestId(), timeline);
    }

    /** 400 without a saved session; otherwise the session host logs in again (no QR). */
    public void reconnect(Principal caller, String instanceName) {
        Instance instance = lookup.load(caller, instanceName);
        if (!instance.connection().hasSession()) {
            throw ZapgateException.badRequest(NO_SESSION);
        }
        try {
            commands.send(new InstanceCommand.Reconnect(header(instance), null));
        } catch (ZapgateException e) {
            throw new ZapgateException(ErrorCode.INTERNAL, "Failed to reconnect: " + e.getMessage(), e);
        }
    }

    /** Unlinks the device on WhatsApp and wipes the saved session; 500 if the session host could not. */
    public void logout(Principal caller, String instanceName) {
        logout(lookup.load(caller, instanceName));
    }

    void logout(Instance instance) {
        String requestId = UUID.randomUUID().toString();
        Optional<CommandResult> r = sendAndWait(
                instance,
                requestId,
                CompletableFuture.completedFuture(results.expect(requestId)),
                InstanceCommand.Logout::new,
                null);
        if (r.isEmpty() || r.get().kind() != CommandResult.Kind.DONE) {
            throw new ZapgateException(ErrorCode.INTERNAL, LOGOUT_FAILED);
        }
    }

    /**
     * Sends the command made by {@code make} (given its header and {@code requestId}) once {@code watching} (the
     * wait for its result, set up before the send) is ready, and waits for the result.
     */
    private Optional<CommandResult> sendAndWait(
            Instance instance,
            String requestId,
            CompletableFuture<CommandResults.Pending> watching,
            java.util.function.BiFunction<CommandHeader, String, InstanceCommand> make,
            ConnectTimeline timeline) {
        CommandResults.Pending watch;
        try {
            watch = watching.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        try (CommandResults.Pending pending = watch) {
            commands.send(make.apply(header(instance), requestId));
            if (timeline != null) {
                timeline.stamp(ConnectTimeline.Stage.COMMAND_SENT);
            }
            Optional<CommandResult> r = pending.await(wait);
            if (timeline != null) {
                timeline.stamp(ConnectTimeline.Stage.STREAM_SEEN);
                r.ifPresent(found -> timeline.merge(found.timeline()));
            }
            return r;
        }
    }

    /**
     * A header expiring when this API call stops waiting: the session host drops a connect, reconnect or logout
     * nobody waits for any more instead of acting on it late.
     */
    private CommandHeader header(Instance i) {
        return CommandHeader.issue(i.accountId(), i.name(), i.id(), clock.instant(), wait);
    }
}
