package io.zapgate.core.config;

import java.net.URI;
import java.util.Map;

/**
 * Reading configuration from an environment map, once, at start-up: a missing or malformed variable fails
 * with its name, so a misconfigured deploy says what to fix.
 */
public final class Env {
    private Env() {}

    public static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("missing configuration: environment variable " + name + " is not set");
        }
        return v;
    }

    public static int intOf(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("bad configuration: " + name + " must be a whole number, got " + v, e);
        }
    }

    public static URI uri(String v) {
        return v == null || v.isBlank() ? null : URI.create(v.trim());
    }

    public static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
