package io.zapgate.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.ProxyPatch;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Patch;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UseCasesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCommandBus bus = new InMemoryCommandBus();
    private final Authorizer authorizer = new Authorizer(store);
    private final InstanceLookup lookup = new InstanceLookup(store);
    private final CreateInstance create = new CreateInstance(store, clock);
    private final ListInstances list = new ListInstances(store);
    private final io.zapgate.core.fake.InMemoryCommandResults results =
            new io.zapgate.core.fake.InMemoryCommandResults();
    private final LinkInstance link = new LinkInstance(lookup, bus, results, clock, java.time.Duration.ofSeconds(2));
    private final DeleteInstance delete = new DeleteInstance(lookup, store, bus, clock, link);
    private final ConfigureInstance configure = new ConfigureInstance(store, bus, clock);
    private Principal.Account account;
    private String accountToken;

    @BeforeEach
    void setUp() {
        CreateAccount.Created created = new CreateAccount(store, clock, 3).execute("Acme", null, null);
        accountToken = created.token();
        account = (Principal.Account) authorizer.authenticate(accountToken);
    }

    private NewInstance named(String name, String token) {
        return new NewInstance(
                name,
                token,
                Settings.defaults(),
                ProxySettings.disabled(),
                S3Settings.disabled(),
                WebhookSettings.disabled(),
                WebsocketSettings.disabled(),
                ChatwootSettings.disabled());
    }

    @Test
    void tokensResolveToTheirPrincipals() {
        CreateInstance.Created c = create.execute(account, named("main", null));
        assertThat(authorizer.authenticate(accountToken)).isEqualTo(account);
        assertThat(authorizer.authenticate(c.token()))
                .isEqualTo(new Principal.Instance(
                        account.accountId(), "main", c.instance().id()));
        assertThatThrownBy(() -> authorizer.authenticate(null)).hasMessage("Missing token in header");
        assertThatThrownBy(() -> authorizer.authenticate("  ")).hasMessage("Missing token in header");
        assertThatThrownBy(() -> authorizer.authenticate("wrong")).hasMessage("Invalid token");
    }

    @Test
    void instanceTokensAreLimitedToTheirInstance() {
        create.execute(account, named("other", null));
        CreateInstance.Created mine = create.execute(account, named("mine", "my-own-token-1-with-32-characters"));
        Principal p = authorizer.authenticate("my-own-token-1-with-32-characters");
        assertThat(lookup.load(p, "mine").id()).isEqualTo(mine.instance().id());
        assertThatThrownBy(() -> lookup.load(p, "other")).hasMessage("Invalid instance token");
        assertThatThrownBy(() -> Authorizer.requireAccount(p)).hasMessage("Invalid token");
        assertThatThrownBy(() -> delete.execute(p, "mine")).hasMessage("Invalid token");
    }

    @Test
    void createdInstancesStartDisconnectedWithAUniqueToken() {
        CreateInstance.Created c = create.execute(account, named("main", null));
        assertThat(c.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(c.instance().connection().state()).isEqualTo(InstanceState.DISCONNECTED);
        assertThat(c.instance().tokenHash()).doesNotContain(c.token());
        assertThatThrownBy(() -> create.execute(account, named("main", null)))
                .hasMessage("Instance name already exists");
        assertThatThrownBy(() -> create.execute(account, named("bad name", null)))
                .hasMessageStartingWith("Invalid instance name");
        assertThatThrownBy(() -> create.execute(account, named("", null))).hasMessage("Instance name is required");
        assertThatThrownBy(() -> create.execute(account, named("x", "short")))
                .hasMessage("token must be 32-256 visible ASCII characters without spaces");
    }

    @Test
    void aChosenTokenHasAtLeast32Characters() {
        String thirtyOne = "a".repeat(31);
        assertThatThrownBy(() -> create.execute(account, named("x", thirtyOne)))
                .isInstanceOf(io.zapgate.core.error.ZapgateException.class)
                .hasMessage("token must be 32-256 visible ASCII characters without spaces");
        assertThatThrownBy(() -> create.execute(account, named("x", "12345678")))
                .hasMessage("token must be 32-256 visible ASCII characters without spaces");
        assertThat(create.execute(account, named("x", "b".repeat(32))).token()).isEqualTo("b".repeat(32));
        assertThatThrownBy(() -> new CreateAccount(store, clock, 3).execute("Other", null, "c".repeat(31)))
                .hasMessage("token must be 32-256 visible ASCII characters without spaces");
    }

    @Test
    void aTokenOfAnEarlierInstanceOfTheSameNameOpensNothing() {
        CreateInstance.Created first = create.execute(account, named("again", null));
        // what a stale (or leftover) token record resolves to once the instance is deleted and recreated
        Principal stale = authorizer.authenticate(first.token());
        delete.execute(account, "again");
        CreateInstance.Created second = create.execute(account, named("again", null));

        assertThatThrownBy(() -> lookup.load(stale, "again")).hasMessage("Invalid token");
        assertThatThrownBy(() -> list.execute(stale, null)).hasMessage("Invalid token");
        Principal fresh = authorizer.authenticate(second.token());
        assertThat(lookup.load(fresh, "again").id()).isEqualTo(second.instance().id());
    }

    @Test
    void quotaComesFromTheAccount() {
        create.execute(account, named("a", null));
        create.execute(account, named("b", null));
        create.execute(account, named("c", null));
        assertThatThrownBy(() -> create.execute(account, named("d", null)))
                .hasMessage("Account instance quota exceeded");
    }

    @Test
    void listFiltersForAccountsAndIgnoresFilterForInstances() {
        create.execute(account, named("a", null));
        CreateInstance.Created b = create.execute(account, named("b", null));
        assertThat(list.execute(account, null)).extracting(Instance::name).containsExactly("a", "b");
        assertThat(list.execute(account, List.of("b")))
                .extracting(Instance::name)
                .containsExactly("b");
        assertThat(list.execute(account, List.of("a", "zzz")))
                .extracting(Instance::name)
                .containsExactly("a");
        assertThat(list.execute(account, List.of(""))).isEmpty();
        assertThatThrownBy(() -> list.execute(account, List.of("zzz"))).hasMessage("Instance not found");
        Principal asB = authorizer.authenticate(b.token());
        assertThat(list.execute(asB, List.of("a"))).extracting(Instance::name).containsExactly("b");
    }

    @Test
    void deleteRemovesAndTellsTheSessionHost() {
        CreateInstance.Created c = create.execute(account, named("gone", null));
        delete.execute(account, "gone");
        assertThat(store.find(c.instance().key())).isEmpty();
        assertThatThrownBy(() -> authorizer.authenticate(c.token())).hasMessage("Invalid token");
        assertThat(bus.sent()).singleElement().satisfies(cmd -> {
            assertThat(cmd).isInstanceOf(InstanceCommand.Delete.class);
            assertThat(cmd.instanceId()).isEqualTo(c.instance().id());
        });
        assertThatThrownBy(() -> delete.execute(account, "gone")).hasMessage("Instance not found");
        assertThatThrownBy(() -> delete.execute(account, "")).hasMessage("Instance name is required");
    }

    @Test
    void settingsArePartialAndSentLive() {
        CreateInstance.Created c = create.execute(account, named("cfg", null));
        Settings next =
                configure.updateSettings(c.instance(), new SettingsPatch(null, null, null, true, null, null, null));
        assertThat(next).isEqualTo(new Settings(false, null, false, true, false, true, false));
        assertThat(store.find(c.instance().key()).orElseThrow().settings()).isEqualTo(next);
        assertThat(bus.sent()).extracting(InstanceCommand::name).containsExactly("ApplySettings");
        assertThatThrownBy(() -> configure.updateSettings(
                        c.instance(), new SettingsPatch(null, null, null, null, null, null, null)))
                .hasMessage("At least one setting is required");
    }

    @Test
    void proxyAndS3MergeAndValidate() {
        Instance i = create.execute(account, named("px", null)).instance();
        ProxySettings p = configure.updateProxy(i, new ProxyPatch(true, "proxy.local", "8080", "http", "u", "pw"));
        assertThat(p.password()).isEqualTo("pw");
        Instance stored = store.find(i.key()).orElseThrow();
        ProxySettings kept = configure.updateProxy(stored, new ProxyPatch(null, null, "9090", null, null, null));
        assertThat(kept.password()).isEqualTo("pw");
        assertThat(kept.port()).isEqualTo("9090");
        assertThatThrownBy(() -> configure.updateProxy(stored, new ProxyPatch(true, null, "99999", null, null, null)))
                .hasMessage("port must be a port number from 1 to 65535");
        assertThatThrownBy(() -> configure.updateProxy(stored, new ProxyPatch(null, null, null, "ftp", null, null)))
                .hasMessage("protocol must be one of http, https, socks5");
        Instance fresh = create.execute(account, named("px2", null)).instance();
        assertThatThrownBy(
                        () -> configure.updateProxy(fresh, new ProxyPatch(true, "h.example", null, "http", null, null)))
                .hasMessage("port is required when the proxy is enabled");
        // a patch applies to the block as stored, not to the caller's stale copy: i still shows no proxy
        assertThat(configure.updateProxy(i, new ProxyPatch(null, "h.example", null, null, null, null)))
                .isEqualTo(new ProxySettings(
                        true, "h.example", "9090", io.zapgate.core.instance.ProxyProtocol.HTTP, "u", "pw"));
        S3Settings s3 = configure.updateS3(i, new S3Patch(true, null, "my-bucket", "AK", "SK", null, "p/"));
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(configure.updateS3(i, new S3Patch(false, null, null, null, null, null, null)))
                .isEqualTo(S3Settings.disabled());
        assertThatThrownBy(() -> configure.updateS3(i, new S3Patch(true, null, "B", "AK", "SK", null, null)))
                .hasMessage("bucket must be a valid S3 bucket name");
    }

    @Test
    void accountsNeedANameAndASaneQuota() {
        CreateAccount ca = new CreateAccount(store, clock, 10);
        assertThatThrownBy(() -> ca.execute("", null, null)).hasMessageContaining("name is required");
        assertThatThrownBy(() -> ca.execute("x", -1, null)).hasMessageContaining("instanceQuota");
        assertThat(ca.execute("x", 2, "chosen-account-token-of-32-characters")
                        .account()
                        .instanceQuota())
                .isEqualTo(2);
        assertThatThrownBy(() -> ca.execute("y", 2, "chosen-account-token-of-32-characters"))
                .hasMessage("Token already in use");
    }
}
