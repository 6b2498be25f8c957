package io.zapgate.sessionhost.store;

import io.zapgate.wa.store.StoreException;

/**
 * A write of the saved session was refused because a newer owner of the instance's lease (a higher fencing
 * token) already wrote the row: this host lost the instance and must abandon its session (close the socket,
 * record nothing more). A {@link StoreException}, so the WhatsApp client treats it as any failed store write.
 */
public final class FencedOutException extends StoreException {
    private final long mine;
    private final long current;

    public FencedOutException(String instanceId, long mine, long current) {
        super(
                "saved session of " + instanceId + " is fenced by token " + current + " (this host holds " + mine
                        + "): a newer owner holds the instance",
                null);
        this.mine = mine;
        this.current = current;
    }

    /** The token the refused write carried. */
    public long mine() {
        return mine;
    }

    /** The token on the row that refused it. */
    public long current() {
        return current;
    }

    /** Whether {@code e} or one of its causes is a {@link FencedOutException}. */
    public static boolean isFencedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FencedOutException) {
                return true;
            }
        }
        return false;
    }
}
