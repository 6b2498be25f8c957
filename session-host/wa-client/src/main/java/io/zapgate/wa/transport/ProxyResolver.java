package io.zapgate.wa.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a proxy host into the addresses the connection may use. The transport asks it once per connection
 * and connects to the first address it returns, never resolving the name again: a resolver that checks the
 * addresses (e.g. refuses private ones) therefore decides where the socket really goes.
 */
@FunctionalInterface
public interface ProxyResolver {

    /** The JVM's resolver, no checks. */
    ProxyResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host the proxy host as configured (a name or an IP literal, IPv6 possibly bracketed)
     * @return at least one address
     * @throws IOException the host does not resolve, or resolves to an address this resolver refuses
     */
    List<InetAddress> resolve(String host) throws IOException;
}
