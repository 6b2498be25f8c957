package io.zapgate.core.port;

import java.time.Instant;
import java.util.Objects;

/** A customer account: owns instances up to its quota. */
public record Account(String id, String name, int instanceQuota, int instanceCount, Instant createdAt) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
