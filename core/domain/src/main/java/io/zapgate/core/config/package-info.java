/** Cross-cutting: parsing configuration from the environment at start-up. */
package io.zapgate.core.config;
