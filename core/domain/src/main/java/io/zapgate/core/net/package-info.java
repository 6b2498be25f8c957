/**
 * Outbound-connection safety: which IP addresses a tenant-chosen target (webhook URL, proxy host) may never
 * reach, and a resolver that resolves a host once and checks every address it returns.
 */
package io.zapgate.core.net;
