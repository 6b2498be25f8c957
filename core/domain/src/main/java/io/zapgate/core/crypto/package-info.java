/** Domain layer: encryption of stored secrets behind a small port (AES-GCM now, KMS-ready). */
package io.zapgate.core.crypto;
