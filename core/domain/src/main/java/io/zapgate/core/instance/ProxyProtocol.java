package io.zapgate.core.instance;

import io.zapgate.core.error.ZapgateException;
import java.util.Locale;

/** How the session host reaches WhatsApp through a proxy. */
public enum ProxyProtocol {
    HTTP,
    HTTPS,
    SOCKS5;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a client value; a clear 400 names the field and the accepted values. */
    public static ProxyProtocol parse(String field, String value) {
        for (ProxyProtocol p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        throw ZapgateException.badRequest(field + " must be one of http, https, socks5");
    }
}
