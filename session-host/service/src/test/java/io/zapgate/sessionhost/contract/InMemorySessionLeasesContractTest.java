package io.zapgate.sessionhost.contract;

import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;

/** The leases contract on the in-memory fake the unit tests use. */
class InMemorySessionLeasesContractTest extends SessionLeasesContract {
    private final InMemorySessionLeases leases = new InMemorySessionLeases(clock);

    @Override
    protected SessionLeases leases() {
        return leases;
    }
}
