package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import java.util.Optional;

/** Port: accounts and their master tokens. */
public interface AccountRepository {
    /** Stores the account and its token together, or neither (409 when the token is taken). */
    void create(Account account, TokenRecord accountToken);

    Optional<Account> find(String accountId);

    /** Sets the account's instance quota (existing instances are kept even above it). */
    void setQuota(String accountId, int instanceQuota);
}
