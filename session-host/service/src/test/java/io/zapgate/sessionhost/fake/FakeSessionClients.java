package io.zapgate.sessionhost.fake;

import io.zapgate.sessionhost.session.ClientSpec;
import io.zapgate.sessionhost.session.SessionClient;
import io.zapgate.sessionhost.session.SessionClientFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Makes {@link FakeSessionClient}s and keeps every one it made. */
public final class FakeSessionClients implements SessionClientFactory {
    private final List<FakeSessionClient> created = new CopyOnWriteArrayList<>();
    /** Sets {@link FakeSessionClient#loginOnConnect} on every client made from now on. */
    public volatile boolean loginOnConnect;

    @Override
    public SessionClient create(ClientSpec spec) {
        FakeSessionClient c = new FakeSessionClient(spec);
        c.loginOnConnect = loginOnConnect;
        created.add(c);
        return c;
    }

    public List<FakeSessionClient> created() {
        return List.copyOf(created);
    }

    public FakeSessionClient last() {
        return created.getLast();
    }
}
