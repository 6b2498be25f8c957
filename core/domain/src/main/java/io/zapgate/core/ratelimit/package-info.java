/** Domain layer: per-token rate limits in fixed one-minute windows; the counter store is a port. */
package io.zapgate.core.ratelimit;
