package io.zapgate.core.ratelimit;

/** The rate-limit classes of the contract; each route belongs to one. */
public enum RateLimitClass {
    /** Every route but instance creation: 100 requests per minute per token by default. */
    GLOBAL,
    /** {@code POST /api/instance/new}: 20 per minute per token by default. */
    CREATE
}
