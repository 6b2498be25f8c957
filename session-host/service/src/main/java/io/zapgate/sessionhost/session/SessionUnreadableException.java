package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.log.Log;

/**
 * The saved session exists but cannot be decrypted with the configured keys (the key that sealed it left
 * {@code ZAPGATE_ENCRYPTION_KEY}'s ring, or the row was tampered with). Never treated as "no session": the
 * instance is recorded {@code disconnected} with reason {@code session_unreadable}, the saved session is kept so
 * the instance logs in again (no QR) once the key is back, and nothing retries it until then.
 */
public final class SessionUnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Log LOG = Log.get(SessionUnreadableException.class);

    /** What the API says when a connect or reconnect meets such a session. */
    public static final String MESSAGE =
            "saved session cannot be decrypted with the configured keys (check ZAPGATE_ENCRYPTION_KEY)";

    private SessionUnreadableException(Throwable cause) {
        super(MESSAGE, cause);
    }

    /** Whether {@code e} is the saved-session store failing to decrypt (rather than failing to reach storage). */
    static boolean isUnreadable(Throwable e) {
        return e instanceof io.zapgate.wa.store.StoreException
                && e.getCause() instanceof io.zapgate.core.crypto.SecretCipherException;
    }

    /** Records the instance as {@code disconnected}/{@code session_unreadable} and returns the exception to throw. */
    static SessionUnreadableException recorded(Instance instance, SessionPorts ports, Throwable cause) {
        LOG.error(
                "saved session cannot be decrypted: not logging in, session kept (add the key that sealed it back to"
                        + " ZAPGATE_ENCRYPTION_KEY, then reconnect)",
                cause,
                "instance",
                instance.name());
        try {
            StateRecorder recorder = new StateRecorder(instance, ports);
            Connection now = recorder.current();
            recorder.record(
                    new Connection(
                            InstanceState.DISCONNECTED,
                            now.numberJid(),
                            now.presenceStatus(),
                            now.displayStatus(),
                            new LastDisconnect(
                                    DisconnectReason.SESSION_UNREADABLE,
                                    null,
                                    ports.clock().instant(),
                                    null),
                            null,
                            null,
                            now.hasSession()),
                    DisconnectReason.SESSION_UNREADABLE);
        } catch (RuntimeException e) {
            LOG.warn("session_unreadable could not be recorded", e, "instance", instance.name());
        }
        return new SessionUnreadableException(cause);
    }
}
