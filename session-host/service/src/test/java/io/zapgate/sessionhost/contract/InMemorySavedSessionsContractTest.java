package io.zapgate.sessionhost.contract;

import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.store.SavedSessions;

/** The saved-sessions contract on the in-memory fake. */
class InMemorySavedSessionsContractTest extends SavedSessionsContract {
    private final InMemorySavedSessions saved = new InMemorySavedSessions();

    @Override
    protected SavedSessions saved() {
        return saved;
    }
}
