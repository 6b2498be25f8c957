package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Profile;
import io.zapgate.core.net.GuardedResolver;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.client.Presence;
import io.zapgate.wa.client.WaClient;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.store.Device;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The real {@link SessionClientFactory}: a {@link WaClient} per session, built from shared base options
 * (server URL, certificate trust, clock, timings) plus the session's proxy and history request.
 */
public final class WaSessionClients implements SessionClientFactory {
    private final Supplier<WaClientOptions.Builder> base;
    private final GuardedResolver proxyGuard;

    /**
     * @param base a fresh builder with the host-wide settings each time it is called
     * @param proxyGuard resolves each instance's proxy host once per connection and refuses special-purpose
     *     addresses (unless it allows private targets: local stack and tests)
     */
    public WaSessionClients(Supplier<WaClientOptions.Builder> base, GuardedResolver proxyGuard) {
        this.base = base;
        this.proxyGuard = proxyGuard;
    }

    @Override
    public SessionClient create(ClientSpec spec) {
        WaClientOptions options = base.get()
                .proxy(Proxies.guarded(spec.proxy(), proxyGuard))
                .historyDays(spec.historyDays())
                .build();
        return new Adapter(new WaClient(options, spec.deviceStore(), spec.preKeyStore()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@link SessionClient} over one {@link WaClient}. */
    private record Adapter(WaClient client) implements SessionClient {
        @Override
        public CompletableFuture<Void> prepare() {
            return client.prepare();
        }

        @Override
        public CompletableFuture<Void> connect() {
            return client.connect();
        }

        @Override
        public void disconnect() {
            client.disconnect();
        }

        @Override
        public CompletableFuture<Void> logout() {
            return client.logout();
        }

        @Override
        public CompletableFuture<String> requestPairingCode(String phone) {
            return client.requestPairingCode(phone);
        }

        @Override
        public CompletableFuture<Void> sendPresence(boolean available) {
            return client.sendPresence(available ? Presence.AVAILABLE : Presence.UNAVAILABLE);
        }

        @Override
        public CompletableFuture<Void> rejectCall(Jid callFrom, String callId) {
            return client.rejectCall(callFrom, callId);
        }

        @Override
        public boolean isLoggedIn() {
            return client.isLoggedIn();
        }

        @Override
        public Optional<String> numberJid() {
            return client.jid().map(j -> j.toNonAd().toString());
        }

        @Override
        public Profile profile() {
            Device d = client.device();
            return new Profile(
                    blankToNull(d.pushName()),
                    null,
                    !d.businessName().isBlank(),
                    blankToNull(d.businessName()),
                    blankToNull(d.platform()));
        }

        @Override
        public void addListener(Consumer<WaEvent> listener) {
            client.addListener(listener);
        }
    }
}
