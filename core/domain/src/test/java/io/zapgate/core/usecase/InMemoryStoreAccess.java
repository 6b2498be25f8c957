package io.zapgate.core.usecase;

import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;

/** Test helper: sets an instance's connection as the session host would. */
final class InMemoryStoreAccess {
    private InMemoryStoreAccess() {}

    static void setConnection(InMemoryStore store, Instance i, Connection c) {
        store.updateConnection(i.key(), i.id(), c);
    }
}
