package io.zapgate.core.net;

import java.io.IOException;

/** A target host resolved to an address in a special-purpose range: no connection was opened. */
public final class BlockedAddressException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlockedAddressException(String host, java.net.InetAddress address, String range) {
        super(host + " resolves to " + address.getHostAddress() + ", a " + range + " address");
    }
}
