package io.zapgate.aws.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The parts of {@code template.yaml} the local stack runs: tables, queues, functions with their HTTP
 * routes, SQS triggers and environment. The template uses only long-form intrinsics ({@code Ref:},
 * {@code Fn::GetAtt:}), so it is plain YAML.
 */
public final class SamTemplate {
    /** One HTTP route of a function. */
    public record HttpRoute(String method, String path) {}

    /** A serverless function: handler class, routes, queue triggers and its own environment. */
    public record Function(
            String logicalId,
            String handler,
            List<HttpRoute> routes,
            List<String> sqsQueues,
            Map<String, Object> environment) {
        /** The handler class name, without the {@code ::method} suffix. */
        public String handlerClass() {
            int i = handler.indexOf("::");
            return i < 0 ? handler : handler.substring(0, i);
        }
    }

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate parse(String yamlText) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Object doc = yaml.load(yamlText);
        if (!(doc instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("template.yaml is not a YAML mapping");
        }
        return new SamTemplate(cast(m));
    }

    /** Logical id → Properties, for every resource of the given CloudFormation type. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(root.get("Resources")).entrySet()) {
            Map<String, Object> res = map(e.getValue());
            if (type.equals(res.get("Type"))) {
                out.put(e.getKey(), map(res.get("Properties")));
            }
        }
        return out;
    }

    /** Environment variables every function gets ({@code Globals.Function.Environment.Variables}). */
    public Map<String, Object> globalEnvironment() {
        Map<String, Object> fn = map(map(root.get("Globals")).get("Function"));
        return map(map(fn.get("Environment")).get("Variables"));
    }

    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    public List<Function> functions() {
        List<Function> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e :
                resourcesOfType("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> p = e.getValue();
            List<HttpRoute> routes = new ArrayList<>();
            List<String> queues = new ArrayList<>();
            for (Object ev : map(p.get("Events")).values()) {
                Map<String, Object> event = map(ev);
                Map<String, Object> props = map(event.get("Properties"));
                if ("HttpApi".equals(event.get("Type"))) {
                    routes.add(new HttpRoute(
                            String.valueOf(props.get("Method")).toUpperCase(java.util.Locale.ROOT),
                            String.valueOf(props.get("Path"))));
                } else if ("SQS".equals(event.get("Type"))) {
                    Object q = props.get("Queue");
                    if (q instanceof Map<?, ?> qm && qm.get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) {
                        queues.add(String.valueOf(l.get(0)));
                    }
                }
            }
            Map<String, Object> env = map(map(p.get("Environment")).get("Variables"));
            out.add(new Function(e.getKey(), String.valueOf(p.get("Handler")), routes, queues, env));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    public static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? cast(m) : Map.of();
    }
}
