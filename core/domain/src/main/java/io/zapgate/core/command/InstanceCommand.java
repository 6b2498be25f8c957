package io.zapgate.core.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A command for the session host: one record per thing it can be asked to do, each with its own typed
 * arguments and the same {@linkplain CommandHeader header}. {@code commandId} makes redeliveries idempotent;
 * {@code instanceId} keeps a command for a deleted instance from acting on a new one of the same name;
 * {@code expiresAt} is when nobody is interested any more (the host drops it unrun after that).
 */
public sealed interface InstanceCommand {
    /** How long a settings change may wait in the queue: a live session also re-reads settings at login. */
    Duration SETTINGS_LIFETIME = Duration.ofMinutes(10);
    /** How long a delete may wait: the queue's retention (it only drops leftovers, so it never goes stale). */
    Duration DELETE_LIFETIME = Duration.ofHours(24);
    /**
     * How long an adoption request may wait: past it, the orphan sweep (every half lease) has taken the instance
     * anyway.
     */
    Duration ADOPT_LIFETIME = Duration.ofMinutes(1);

    CommandHeader header();

    default String commandId() {
        return header().commandId();
    }

    default String accountId() {
        return header().accountId();
    }

    default String instanceName() {
        return header().instanceName();
    }

    default String instanceId() {
        return header().instanceId();
    }

    default Instant issuedAt() {
        return header().issuedAt();
    }

    default Instant expiresAt() {
        return header().expiresAt();
    }

    /** The request a caller waits on for this command's result, or null when nobody waits. */
    default String requestId() {
        return null;
    }

    /** True once {@code now} is past {@code expiresAt}. */
    default boolean expiredAt(Instant now) {
        return now.isAfter(expiresAt());
    }

    /** A short name for logs ({@code Connect}, {@code Logout}, …). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The ordering key: commands for one instance run one after another. */
    default String groupKey() {
        return accountId() + "/" + instanceName();
    }

    /**
     * Link a device: a QR code, or a pairing code for {@code phone}.
     *
     * @param phone E.164 digits for a pairing code, or null for a QR
     * @param historyDays days of history to ask the phone for at pairing; 0 for none asked
     */
    record Connect(CommandHeader header, String requestId, String phone, int historyDays) implements InstanceCommand {
        public Connect {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(requestId, "requestId");
            historyDays = Math.max(0, Math.min(3650, historyDays));
        }

        /** The phone number is left out: safe to log. */
        @Override
        public String toString() {
            return "Connect[" + header + " requestId=" + requestId + " pairing=" + (phone != null) + "]";
        }
    }

    /** Log in again with the saved session (no QR); {@code requestId} may be null. */
    record Reconnect(CommandHeader header, String requestId) implements InstanceCommand {
        public Reconnect {
            Objects.requireNonNull(header, "header");
        }
    }

    /** Unlink the device on WhatsApp and wipe the saved session. */
    record Logout(CommandHeader header, String requestId) implements InstanceCommand {
        public Logout {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** The instance's rows are gone: close its session and drop what the host keeps; {@code requestId} may be null. */
    record Delete(CommandHeader header, String requestId) implements InstanceCommand {
        public Delete {
            Objects.requireNonNull(header, "header");
        }
    }

    /** The stored settings changed: a live session applies them. */
    record ApplySettings(CommandHeader header) implements InstanceCommand {
        public ApplySettings {
            Objects.requireNonNull(header, "header");
        }
    }

    /**
     * Host to host, not from the API: a stopping host closed the instance's socket and released its lease;
     * whoever receives this resumes the saved session at once (no QR) if the lease is still free, instead of
     * waiting for its next orphan sweep. Never opens a second socket: the lease is taken conditionally.
     */
    record Adopt(CommandHeader header) implements InstanceCommand {
        public Adopt {
            Objects.requireNonNull(header, "header");
        }
    }
}
