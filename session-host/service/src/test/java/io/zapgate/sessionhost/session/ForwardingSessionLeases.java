package io.zapgate.sessionhost.session;

import io.zapgate.core.session.SessionLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Passes every call to another {@link SessionLeases}; tests override the calls they disturb or observe. */
public class ForwardingSessionLeases implements SessionLeases {
    private final SessionLeases delegate;

    public ForwardingSessionLeases(SessionLeases delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
        return delegate.acquire(instanceId, owner, ttl);
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject) {
        return delegate.acquire(instanceId, owner, ttl, subject);
    }

    @Override
    public void release(String instanceId, String owner) {
        delegate.release(instanceId, owner);
    }

    @Override
    public void forget(String instanceId, String owner) {
        delegate.forget(instanceId, owner);
    }

    @Override
    public List<Orphan> orphans(int shard, Instant now, int limit) {
        return delegate.orphans(shard, now, limit);
    }

    @Override
    public Optional<Lease> current(String instanceId) {
        return delegate.current(instanceId);
    }
}
