/** Domain layer: tokens (stored only as hashes) and the principal a token resolves to. */
package io.zapgate.core.auth;
