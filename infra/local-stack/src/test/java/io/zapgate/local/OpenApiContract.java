package io.zapgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.zapgate.functions.http.OpenApiHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's OpenAPI document ({@code docs/openapi.yaml}, as packaged in the functions jar) as a checker: which
 * operation a request hits, and whether a response's JSON body matches the schema the document gives for its
 * status (or the operation's {@code default}). The schemas are JSON Schema 2020-12 (OpenAPI 3.1), validated by
 * networknt's json-schema-validator. {@link Api} runs every response of the end-to-end suites through it.
 */
final class OpenApiContract {
    private static final String BASE = "https://zapgate.local/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** One operation of the document: its path template and method. */
    record Operation(String path, String method) {}

    private OpenApiContract() {
        try {
            document = new ObjectMapper(new YAMLFactory()).readTree(OpenApiHandler.document());
            String json = JSON.writeValueAsString(document);
            registry = SchemaRegistry.withDefaultDialect(
                    SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiContract get() {
        return INSTANCE;
    }

    JsonNode document() {
        return document;
    }

    /** Every operation the document describes. */
    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> out.add(new Operation(p.getKey(), m.toUpperCase(Locale.ROOT)))));
        return out;
    }

    /** The operation a request with this method and raw path hits, if the document has one. */
    Optional<Operation> find(String method, String rawPath) {
        String[] parts =
                rawPath.length() <= 1 ? new String[] {""} : rawPath.substring(1).split("/", -1);
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (!document.path("paths").path(template).has(method.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String[] t = template.substring(1).split("/", -1);
            if (t.length != parts.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < t.length && match; i++) {
                match = t[i].startsWith("{") ? !parts[i].isEmpty() : t[i].equals(parts[i]);
            }
            if (match) {
                return Optional.of(new Operation(template, method.toUpperCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with a JSON response body, or an empty list. A request the document has no operation for must
     * be answered with the error envelope (the {@code $default} route's 404, or an error before routing).
     */
    List<String> problems(String method, String rawPath, int status, String contentType, String body) {
        Optional<Operation> op = find(method, rawPath);
        JsonNode documented = op.map(o -> document.path("paths")
                        .path(o.path())
                        .path(o.method().toLowerCase(Locale.ROOT))
                        .path("responses")
                        .path(Integer.toString(status))
                        .path("content"))
                .orElse(JSON.missingNode());
        if (documented.isObject() && !documented.has("application/json")) {
            // a documented non-JSON answer (the document itself): its media type is what is checked
            return documented.has(contentType.split(";")[0].trim())
                    ? List.of()
                    : List.of(op.get() + " answered " + contentType + ", documented: "
                            + documented.fieldNames().next());
        }
        if (!contentType.startsWith("application/json")) {
            return List.of("Content-Type is " + contentType + ", not application/json");
        }
        JsonNode node;
        try {
            node = body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            return List.of("the body is not JSON: " + e.getMessage());
        }
        String pointer;
        if (op.isEmpty()) {
            pointer = "/components/schemas/Error";
        } else {
            JsonNode responses = document.path("paths")
                    .path(op.get().path())
                    .path(op.get().method().toLowerCase(Locale.ROOT))
                    .path("responses");
            String code = responses.has(Integer.toString(status)) ? Integer.toString(status) : "default";
            if (!responses.has(code)) {
                return List.of(op.get() + " documents no response " + status + " and no default");
            }
            pointer = "/paths/" + escape(op.get().path()) + "/"
                    + op.get().method().toLowerCase(Locale.ROOT) + "/responses/" + code;
            JsonNode response = responses.path(code);
            if (response.has("$ref")) {
                pointer = response.get("$ref").asText().substring(1);
            }
            pointer += "/content/application~1json/schema";
        }
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(node)) {
            out.add(e.toString());
        }
        return out;
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
