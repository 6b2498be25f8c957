package io.zapgate.functions.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses webhook targets inside the provider's network (loopback, link-local such as the instance metadata
 * service, private ranges) unless explicitly allowed, so a webhook URL cannot be used to reach internal
 * services.
 */
public final class UrlGuard {
    private final boolean allowPrivate;

    public UrlGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @return null if the URL may be called, else why not */
    public String refusal(String url) {
        if (allowPrivate) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress()) {
                    return "webhook host resolves to a private address";
                }
            }
            return null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return "webhook host cannot be resolved";
        }
    }
}
