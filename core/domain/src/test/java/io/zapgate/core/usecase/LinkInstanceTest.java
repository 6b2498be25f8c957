package io.zapgate.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connect / reconnect / logout / delete against a scripted session host. */
class LinkInstanceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCommandBus bus = new InMemoryCommandBus();
    private final InMemoryCommandResults results = new InMemoryCommandResults();
    private final InstanceLookup lookup = new InstanceLookup(store);
    private final LinkInstance link = new LinkInstance(lookup, bus, results, clock, Duration.ofMillis(300));
    private Principal.Account account;
    private Instance instance;

    @BeforeEach
    void setUp() {
        account = new Principal.Account(new CreateAccount(store, clock, 5)
                .execute("A", null, null)
                .account()
                .id());
        instance = new CreateInstance(store, clock)
                .execute(
                        account,
                        new NewInstance(
                                "wa",
                                null,
                                Settings.defaults(),
                                ProxySettings.disabled(),
                                S3Settings.disabled(),
                                WebhookSettings.disabled(),
                                WebsocketSettings.disabled(),
                                ChatwootSettings.disabled()))
                .instance();
    }

    private void host(Function<InstanceCommand, CommandResult.Kind> answer) {
        bus.onSend(c -> {
            CommandResult.Kind k = answer.apply(c);
            if (k != null) {
                results.publish(new CommandResult(
                        c.requestId(),
                        c.accountId(),
                        c.instanceName(),
                        k,
                        k == CommandResult.Kind.QR ? "2@ref,a,b,c,1" : null,
                        clock.instant().plusSeconds(60),
                        k == CommandResult.Kind.PAIRING_CODE ? "ABCD-EFGH" : null,
                        null,
                        clock.instant()));
            }
        });
    }

    @Test
    void connectWaitsForTheFirstCode() {
        host(c -> c instanceof InstanceCommand.Connect x && x.phone() != null
                ? CommandResult.Kind.PAIRING_CODE
                : CommandResult.Kind.QR);
        LinkInstance.Linking qr = link.connect(account, "wa", null, 7);
        assertThat(qr.qrCode()).isEqualTo("2@ref,a,b,c,1");
        assertThat(bus.sent().get(0))
                .isInstanceOfSatisfying(
                        InstanceCommand.Connect.class,
                        x -> assertThat(x.historyDays()).isEqualTo(7));
        LinkInstance.Linking code = link.connect(account, "wa", "15551234567", null);
        assertThat(code.pairingCode()).isEqualTo("ABCD-EFGH");
        assertThat(bus.sent().get(1))
                .isInstanceOfSatisfying(
                        InstanceCommand.Connect.class,
                        x -> assertThat(x.phone()).isEqualTo("15551234567"));
    }

    @Test
    void connectFailsWithTheContractMessageWhenNothingComes() {
        host(c -> null);
        assertThatThrownBy(() -> link.connect(account, "wa", null, null)).hasMessage("Failed to generate QR code");
        host(c -> CommandResult.Kind.FAILED);
        assertThatThrownBy(() -> link.connect(account, "wa", null, null)).hasMessage("Failed to generate QR code");
    }

    @Test
    void aConnectedInstanceIsNotLinkedAgain() {
        store.updateSettings(instance, instance.settings());
        connected();
        assertThat(link.connect(account, "wa", null, null).kind()).isEqualTo(CommandResult.Kind.ALREADY_CONNECTED);
        assertThat(bus.sent()).isEmpty();
    }

    @Test
    void reconnectNeedsASavedSession() {
        assertThatThrownBy(() -> link.reconnect(account, "wa"))
                .hasMessage("Instance has no saved session — call /connect first");
        connected();
        link.reconnect(account, "wa");
        assertThat(bus.sent()).extracting(InstanceCommand::name).containsExactly("Reconnect");
    }

    @Test
    void logoutAndDeleteGoThroughTheSessionHost() {
        connected();
        host(c -> CommandResult.Kind.DONE);
        link.logout(account, "wa");
        assertThat(bus.sent()).extracting(InstanceCommand::name).containsExactly("Logout");
        host(c -> null);
        assertThatThrownBy(() -> link.logout(account, "wa")).hasMessage("Failed to logout instance");
        DeleteInstance delete = new DeleteInstance(lookup, store, bus, clock, link);
        host(c -> c instanceof InstanceCommand.Logout ? CommandResult.Kind.DONE : null);
        assertThat(delete.execute(account, "wa").deviceUnlinked()).isTrue();
        assertThat(store.find(instance.key())).isEmpty();
        assertThat(bus.sent().get(bus.sent().size() - 1)).isInstanceOf(InstanceCommand.Delete.class);
    }

    @Test
    void aDeleteWhoseLogoutFailsStillDeletesAndSaysSo() {
        connected();
        host(c -> c instanceof InstanceCommand.Logout ? CommandResult.Kind.FAILED : null);
        DeleteInstance delete = new DeleteInstance(lookup, store, bus, clock, link);
        assertThat(delete.execute(account, "wa").deviceUnlinked()).isFalse();
        assertThat(store.find(instance.key())).isEmpty();
        assertThat(bus.sent()).extracting(InstanceCommand::name).containsExactly("Logout", "Delete");
    }

    @Test
    void aBannedInstanceIsDeletedWithoutALogoutAttempt() {
        InMemoryStoreAccess.setConnection(
                store,
                instance,
                new Connection(
                        InstanceState.BANNED, "15551234567:1@s.whatsapp.net", null, null, null, null, null, true));
        DeleteInstance delete = new DeleteInstance(lookup, store, bus, clock, link);
        assertThat(delete.execute(account, "wa").deviceUnlinked()).isFalse();
        assertThat(store.find(instance.key())).isEmpty();
        assertThat(bus.sent()).extracting(InstanceCommand::name).containsExactly("Delete");
    }

    @Test
    void connectSetsUpItsWatchWhileItReadsTheInstanceAndClosesItWhenTheReadFails() throws Exception {
        CountDownLatch watchStarted = new CountDownLatch(1);
        java.util.concurrent.Semaphore watchClosed = new java.util.concurrent.Semaphore(0);
        AtomicBoolean overlapped = new AtomicBoolean();
        CommandResults watching = requestId -> {
            watchStarted.countDown();
            CommandResults.Pending p = results.expect(requestId);
            return new CommandResults.Pending() {
                @Override
                public java.util.Optional<CommandResult> await(Duration timeout) {
                    return p.await(timeout);
                }

                @Override
                public void close() {
                    p.close();
                    watchClosed.release();
                }
            };
        };
        // the instance read goes on only once the watch has started (or gives up after 5 s): in parallel
        InstanceRepository slowRead = new ForwardingInstances(store) {
            @Override
            public java.util.Optional<Instance> find(io.zapgate.core.instance.InstanceKey key) {
                try {
                    overlapped.set(watchStarted.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.find(key);
            }
        };
        LinkInstance parallel =
                new LinkInstance(new InstanceLookup(slowRead), bus, watching, clock, Duration.ofMillis(300));
        host(c -> CommandResult.Kind.QR);

        assertThat(parallel.connect(account, "wa", null, null).qrCode()).isEqualTo("2@ref,a,b,c,1");
        assertThat(overlapped).isTrue();
        assertThat(watchClosed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> parallel.connect(account, "nope", null, null))
                .hasMessage(io.zapgate.core.error.Messages.INSTANCE_NOT_FOUND);
        assertThat(watchClosed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bus.sent()).hasSize(1);
    }

    /** An {@link InstanceRepository} passing every call to another. */
    private static class ForwardingInstances implements InstanceRepository {
        private final InstanceRepository to;

        ForwardingInstances(InstanceRepository to) {
            this.to = to;
        }

        @Override
        public void create(Instance instance, io.zapgate.core.auth.TokenRecord token) {
            to.create(instance, token);
        }

        @Override
        public java.util.Optional<Instance> find(io.zapgate.core.instance.InstanceKey key) {
            return to.find(key);
        }

        @Override
        public java.util.List<Instance> listByAccount(String accountId) {
            return to.listByAccount(accountId);
        }

        @Override
        public Settings changeSettings(Instance current, java.util.function.UnaryOperator<Settings> change) {
            return to.changeSettings(current, change);
        }

        @Override
        public ProxySettings changeProxy(Instance current, java.util.function.UnaryOperator<ProxySettings> change) {
            return to.changeProxy(current, change);
        }

        @Override
        public S3Settings changeS3(Instance current, java.util.function.UnaryOperator<S3Settings> change) {
            return to.changeS3(current, change);
        }

        @Override
        public WebhookSettings changeWebhook(
                Instance current, java.util.function.UnaryOperator<WebhookSettings> change) {
            return to.changeWebhook(current, change);
        }

        @Override
        public boolean delete(Instance instance) {
            return to.delete(instance);
        }
    }

    private void connected() {
        InMemoryStoreAccess.setConnection(
                store,
                instance,
                new Connection(
                        InstanceState.CONNECTED, "15551234567:1@s.whatsapp.net", null, null, null, null, null, true));
    }
}
