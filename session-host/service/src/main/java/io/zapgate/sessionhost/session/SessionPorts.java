package io.zapgate.sessionhost.session;

import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.ConnectionStates;
import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.store.SavedSessions;
import java.time.Clock;
import java.util.Objects;

/** The ports the session logic talks to, wired once by the composition root (real adapters or fakes). */
public record SessionPorts(
        InstanceRepository instances,
        ConnectionStates states,
        CommandResultSink results,
        EventPublisher events,
        SessionLeases leases,
        SavedSessions saved,
        Clock clock) {
    public SessionPorts {
        Objects.requireNonNull(instances, "instances");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(clock, "clock");
    }
}
