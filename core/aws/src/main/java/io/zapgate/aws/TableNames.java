package io.zapgate.aws;

import java.util.Objects;

/** Physical names of the tables (from the template's environment variables). */
public record TableNames(String accounts, String tokens, String instances, String rateLimits, String connectResults) {
    public TableNames {
        Objects.requireNonNull(accounts, "accounts table");
        Objects.requireNonNull(tokens, "tokens table");
        Objects.requireNonNull(instances, "instances table");
        Objects.requireNonNull(rateLimits, "rate limits table");
    }
}
