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

    String ensureLocalAccount() {
        if (config.accountToken() != null) {
            return ensure(config.accountToken());
        }
        Path dir = config.dataDir();
        if (dir != null && Files.isRegularFile(dir.resolve(FILE))) {
            try {
                String saved = Files.readString(dir.resolve(FILE)).trim();
                if (!saved.isEmpty() && services.tokens.lookup(TokenHash.of(saved)).isPresent()) {
                    return ensure(saved);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
            }
        }
        String token = services.createAccount.execute("local", config.instanceQuota(), null).token();
        if (dir != null) {
            try {
                LocalSecrets.write(dir.resolve(FILE), token);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
            }
        }
        return token;
    }

    private String ensure(String token) {
        Optional<TokenRecord> existing = services.tokens.lookup(TokenHash.of(token));
        if (existing.isEmpty()) {
            services.createAccount.execute("local", config.instanceQuota(), token);
        } else {
            services.accounts.setQuota(existing.get().accountId(), config.instanceQuota());
        }
        return token;
    }
}
