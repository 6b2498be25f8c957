package io.zapgate.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers for explicit DynamoDB attribute maps (no bean reflection). Null values are left out. */
final class Attrs {
    private final Map<String, AttributeValue> map = new LinkedHashMap<>();

    static Attrs of() {
        return new Attrs();
    }

    Attrs s(String name, String value) {
        if (value != null) {
            map.put(name, AttributeValue.fromS(value));
        }
        return this;
    }

    Attrs b(String name, boolean value) {
        map.put(name, AttributeValue.fromBool(value));
        return this;
    }

    Attrs n(String name, Number value) {
        if (value != null) {
            map.put(name, AttributeValue.fromN(value.toString()));
        }
        return this;
    }

    Attrs t(String name, Instant value) {
        return s(name, value == null ? null : value.toString());
    }

    Attrs l(String name, List<String> values) {
        map.put(
                name,
                AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList()));
        return this;
    }

    Attrs m(String name, Map<String, AttributeValue> value) {
        if (value != null) {
            map.put(name, AttributeValue.fromM(value));
        }
        return this;
    }

    Map<String, AttributeValue> build() {
        return map;
    }

    static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    static boolean bool(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Integer integer(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? null : Integer.valueOf(v.n());
    }

    static Instant time(Map<String, AttributeValue> m, String name) {
        String s = str(m, name);
        return s == null ? null : Instant.parse(s);
    }

    static List<String> list(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || !v.hasL()
                ? List.of()
                : v.l().stream().map(AttributeValue::s).toList();
    }

    static Map<String, AttributeValue> map(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || !v.hasM() ? Map.of() : v.m();
    }
}
