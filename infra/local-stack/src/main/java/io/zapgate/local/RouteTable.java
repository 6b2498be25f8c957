package io.zapgate.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway HTTP API route matching: exact method + path templates with {@code {param}} segments; the
 * {@code $default} route catches everything else.
 */
final class RouteTable<T> {
    record Match<T>(String routeKey, Map<String, String> pathParameters, T target) {}

    private record Route<T>(String method, String path, String[] segments, T target) {}

    private final List<Route<T>> routes = new ArrayList<>();
    private T fallback;
    private String fallbackKey;

    void add(String method, String path, T target) {
        if (path.equals("$default")) {
            fallback = target;
            fallbackKey = "$default";
            return;
        }
        routes.add(new Route<>(
                method.toUpperCase(Locale.ROOT), path, path.substring(1).split("/", -1), target));
    }

    Optional<Match<T>> match(String method, String rawPath) {
        String[] parts =
                rawPath.length() <= 1 ? new String[] {""} : rawPath.substring(1).split("/", -1);
        for (Route<T> r : routes) {
            if (!r.method().equals("ANY") && !r.method().equals(method)) {
                continue;
            }
            Map<String, String> params = bind(r.segments(), parts);
            if (params != null) {
                return Optional.of(new Match<>(r.method() + " " + r.path(), params, r.target()));
            }
        }
        return fallback == null ? Optional.empty() : Optional.of(new Match<>(fallbackKey, Map.of(), fallback));
    }

    private static Map<String, String> bind(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(
                        t.substring(1, t.length() - 1),
                        java.net.URLDecoder.decode(
                                parts[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }
}
