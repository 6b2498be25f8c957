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

    /** Why a URL is refused: for good (a private address), or for now (its host did not resolve). */
    public record Refusal(String reason, boolean retryable) {
    }

    /** @return null if the URL may be called, else why not */
    public Refusal refusal(String url) {
        if (allowPrivate) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress()) {
                    return new Refusal("webhook host resolves to a private address", false);
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return new Refusal("webhook host cannot be resolved (will retry)", true);
        } catch (IllegalArgumentException e) {
            return new Refusal("webhook URL is not valid", false);
        }
    }
}
