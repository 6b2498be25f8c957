package io.zapgate.core.usecase;

import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.auth.Tokens;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.AccountRepository;
import java.time.Clock;
import java.util.UUID;

/** Creates an account and its TokenAccount (generated, or given by an operator). */
public final class CreateAccount {
    public static final int MAX_QUOTA = 100_000;
    private final AccountRepository accounts;
    private final Clock clock;
    private final int defaultQuota;

    public CreateAccount(AccountRepository accounts, Clock clock, int defaultQuota) {
        this.accounts = accounts;
        this.clock = clock;
        this.defaultQuota = defaultQuota;
    }

    /** The account and its token in clear (shown once). */
    public record Created(Account account, String token) {
        @Override
        public String toString() {
            return "Created[account=" + account.id() + "]";
        }
    }

    public Created execute(String name, Integer quota, String token) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw ZapgateException.badRequest("name is required (1-128 characters)");
        }
        int q = quota == null ? defaultQuota : quota;
        if (q < 0 || q > MAX_QUOTA) {
            throw ZapgateException.badRequest("instanceQuota must be from 0 to " + MAX_QUOTA);
        }
        String t = token == null ? Tokens.generate() : Tokens.requireValidCustom("token", token);
        Account account = new Account(UUID.randomUUID().toString(), name, q, 0, clock.instant());
        accounts.create(account, TokenRecord.forAccount(TokenHash.of(t), account.id()));
        return new Created(account, t);
    }
}
