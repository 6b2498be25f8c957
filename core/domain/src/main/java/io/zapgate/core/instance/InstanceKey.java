package io.zapgate.core.instance;

import java.util.Objects;

/** The primary identity of an instance: its account and its name (unique per account). */
public record InstanceKey(String accountId, String name) {
    public InstanceKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
    }
}
