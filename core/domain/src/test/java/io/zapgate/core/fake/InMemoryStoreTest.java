package io.zapgate.core.fake;

import io.zapgate.core.contract.StoreContract;
import io.zapgate.core.port.AccountRepository;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;

class InMemoryStoreTest extends StoreContract {
    private final InMemoryStore store = new InMemoryStore();

    @Override
    protected AccountRepository accounts() {
        return store;
    }

    @Override
    protected TokenRepository tokens() {
        return store;
    }

    @Override
    protected InstanceRepository instances() {
        return store;
    }
}
