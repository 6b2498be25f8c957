package io.zapgate.sessionhost.contract;

import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.CommandResults;

/** The command-results contract on the in-memory fake (both sides in one object). */
class InMemoryCommandResultsContractTest extends CommandResultsContract {
    private final InMemoryCommandResults fake = new InMemoryCommandResults();

    @Override
    protected CommandResults results() {
        return fake;
    }

    @Override
    protected CommandResultSink sink() {
        return fake;
    }
}
