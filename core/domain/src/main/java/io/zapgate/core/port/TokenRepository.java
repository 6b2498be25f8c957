package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import java.util.Optional;

/** Port: resolves a token hash. Tokens are written together with what they open (account or instance). */
public interface TokenRepository {
    Optional<TokenRecord> lookup(String tokenHash);
}
