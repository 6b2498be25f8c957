/** Cross-cutting: structured JSON logging with per-thread context. */
package io.zapgate.core.log;
