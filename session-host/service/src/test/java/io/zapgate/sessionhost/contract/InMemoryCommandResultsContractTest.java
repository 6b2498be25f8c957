package io.zapgate.sessionhost.contract;

import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import java.time.Clock;

/** The command-results contract on the in-memory fake (both sides in one object). */
class InMemoryCommandResultsContractTest extends CommandResultsContract {
    private final InMemorySessionLeases leases = new InMemorySessionLeases(Clock.systemUTC());
    private final InMemoryCommandResults fake = new InMemoryCommandResults().fencedBy(leases);

    @Override
    protected SessionLeases leases() {
        return leases;
    }

    @Override
    protected CommandResults results() {
        return fake;
    }

    @Override
    protected CommandResultSink sink() {
        return fake;
    }
}
