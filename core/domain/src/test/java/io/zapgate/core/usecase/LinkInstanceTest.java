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
import io.zapgate.core.session.CommandResult;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
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

    private void connected() {
        InMemoryStoreAccess.setConnection(
                store,
                instance,
                new Connection(
                        InstanceState.CONNECTED, "15551234567:1@s.whatsapp.net", null, null, null, null, null, true));
    }
}
