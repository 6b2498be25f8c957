package io.zapgate.local;

import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.functions.support.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local account: with {@code ZAPGATE_ACCOUNT_TOKEN} set, that token opens it (created on first use);
 * otherwise a token is generated once and kept in the data folder ({@code account-token}) so a restart
 * prints the same one.
 */
final class AccountBootstrap {
    private static final String FILE = "account-token";
    private final Services services;
    private final LocalStackConfig config;

    AccountBootstrap(Services services, LocalStackConfig config) {
        this.services = services;
        this.config = config;
    }

    /** The local account and the token that opens it. */
    record LocalAccount(String id, String token) {
        @Override
        public String toString() {
            return "LocalAccount[" + id + "]";
        }
    }

    LocalAccount ensureLocalAccount() {
        if (config.accountToken() != null) {
            return ensure(config.accountToken());
        }
        Path dir = config.dataDir();
        if (dir != null && Files.isRegularFile(dir.resolve(FILE))) {
            try {
                String saved = Files.readString(dir.resolve(FILE)).trim();
                if (!saved.isEmpty()
                        && services.tokens.lookup(TokenHash.of(saved)).isPresent()) {
                    return ensure(saved);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
            }
        }
        var created = services.createAccount.execute("local", config.instanceQuota(), null);
        String token = created.token();
        if (dir != null) {
            try {
                LocalSecrets.write(dir.resolve(FILE), token);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
            }
        }
        return new LocalAccount(created.account().id(), token);
    }

    private LocalAccount ensure(String token) {
        Optional<TokenRecord> existing = services.tokens.lookup(TokenHash.of(token));
        if (existing.isEmpty()) {
            return new LocalAccount(
                    services.createAccount
                            .execute("local", config.instanceQuota(), token)
                            .account()
                            .id(),
                    token);
        }
        services.accounts.setQuota(existing.get().accountId(), config.instanceQuota());
        return new LocalAccount(existing.get().accountId(), token);
    }
}
