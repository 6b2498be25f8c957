package io.zapgate.core.contract;

import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.instance.ProxyProtocol;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.port.Account;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test data shared by the contract tests of fakes and real adapters. */
public final class Samples {
    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123456Z");

    private Samples() {}

    public static Account account(int quota) {
        return new Account("acc-" + UUID.randomUUID(), "Acme", quota, 0, T0);
    }

    public static TokenRecord accountToken(Account a) {
        return TokenRecord.forAccount(TokenHash.of("account-token-" + a.id()), a.id());
    }

    public static Instance instance(Account a, String name) {
        return new Instance(
                UUID.randomUUID().toString(),
                a.id(),
                name,
                T0,
                TokenHash.of("tok-" + a.id() + name),
                Connection.initial(),
                Profile.empty(),
                Settings.defaults(),
                ProxySettings.disabled(),
                S3Settings.disabled(),
                WebhookSettings.disabled(),
                WebsocketSettings.disabled(),
                ChatwootSettings.disabled());
    }

    /** An instance with every block filled in, secrets included. */
    public static Instance fullInstance(Account a, String name) {
        Instance base = instance(a, name);
        return new Instance(
                base.id(),
                a.id(),
                name,
                T0,
                base.tokenHash(),
                Connection.initial(),
                Profile.empty(),
                new Settings(true, "busy", true, true, false, false, true),
                new ProxySettings(true, "proxy.example.com", "1080", ProxyProtocol.SOCKS5, "bob", "s3cr3t"),
                new S3Settings(
                        true, "eu-west-1", "media-bucket", "AKIA123", "secretkey", "https://s3.example.com", "wa/"),
                new WebhookSettings(
                        true,
                        List.of("https://hooks.example.com/a", "https://hooks.example.com/b"),
                        "Bearer xyz",
                        true,
                        List.of("instance.state"),
                        true,
                        "whsec-1"),
                new WebsocketSettings(true, List.of("instance.state"), false),
                new ChatwootSettings(true, "https://chat.example.com", 7, "cw-token", "WA", true, false, true, true));
    }

    public static TokenRecord tokenOf(Instance i) {
        return TokenRecord.forInstance(i.tokenHash(), i.accountId(), i.name(), i.id());
    }
}
