package io.zapgate.functions.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zapgate.core.error.ZapgateException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request body that must be one JSON object. Every getter checks the field's type and names the field in
 * its 400 message; {@link #rejectUnknown} refuses fields the route does not know. Null values count as
 * absent.
 */
public final class JsonBody {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses a body; an empty body is an empty object only when {@code emptyAllowed}. */
    public static JsonBody parse(String text, boolean emptyAllowed) {
        if (text == null || text.isBlank()) {
            if (emptyAllowed) {
                return new JsonBody(MAPPER.createObjectNode());
            }
            throw ZapgateException.badRequest("Request body is required (a JSON object)");
        }
        JsonNode node;
        try (JsonParser p = MAPPER.createParser(text)) {
            node = MAPPER.readTree(p);
        } catch (JsonProcessingException e) {
            throw ZapgateException.badRequest("Malformed JSON body: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ZapgateException.badRequest("Malformed JSON body");
        }
        if (node == null || !node.isObject()) {
            throw ZapgateException.badRequest("Request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    public void rejectUnknown(Set<String> known) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                throw ZapgateException.badRequest("Unknown field '" + n + "'");
            }
        }
    }

    /** A nested object as a body of its own; null when absent; 400 when not an object. */
    public JsonBody object(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be an object");
        }
        return new JsonBody(n);
    }

    /** An object of string values (e.g. HTTP headers); null when absent. */
    public java.util.Map<String, String> stringMap(String field) {
        JsonBody o = object(field);
        if (o == null) {
            return null;
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        o.root.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ZapgateException.badRequest("Field '" + field + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    public boolean isEmpty() {
        return root.isEmpty();
    }

    public boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    public String string(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be a string");
        }
        return n.asText();
    }

    public Boolean bool(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    public boolean bool(String field, boolean dflt) {
        Boolean b = bool(field);
        return b == null ? dflt : b;
    }

    public Integer integer(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be a whole number");
        }
        return n.asInt();
    }

    /** An array of strings; null when absent. */
    public List<String> strings(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw ZapgateException.badRequest("Field '" + field + "' must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** A string or an array of strings (e.g. one or several webhook URLs); null when absent. */
    public List<String> stringOrStrings(String field) {
        JsonNode n = root.get(field);
        if (n != null && n.isTextual()) {
            return List.of(n.asText());
        }
        if (n != null && !n.isNull() && !n.isArray()) {
            throw ZapgateException.badRequest("Field '" + field + "' must be a string or an array of strings");
        }
        return strings(field);
    }
}
