package io.zapgate.local;

import io.zapgate.aws.local.SamTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's WebSocket API routes, as route key ({@code $connect}, {@code $disconnect}, {@code $default},
 * …) → the logical id of the function its integration invokes. Read from the {@code AWS::ApiGatewayV2::Route}
 * targets ({@code integrations/<Integration>}) and the integrations' {@code IntegrationUri}
 * ({@code …/functions/${Fn.Alias}/invocations}, {@code ${Fn.Arn}} or {@code ${Fn}}).
 */
final class WebSocketRoutes {
    private static final Pattern FUNCTION_REF = Pattern.compile("/functions/\\$\\{([A-Za-z0-9]+)(?:\\.[A-Za-z]+)?}");

    private WebSocketRoutes() {}

    static Map<String, String> from(SamTemplate template) {
        Set<String> functions =
                template.resourcesOfType("AWS::Serverless::Function").keySet();
        Map<String, Map<String, Object>> integrations = template.resourcesOfType("AWS::ApiGatewayV2::Integration");
        Map<String, String> out = new LinkedHashMap<>();
        template.resourcesOfType("AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            String integration = integrationOf(route.get("Target"));
            Map<String, Object> props = integrations.get(integration);
            if (props == null) {
                throw new IllegalArgumentException("route " + id + " targets unknown integration " + integration);
            }
            String function = functionOf(props.get("IntegrationUri"));
            if (!functions.contains(function)) {
                throw new IllegalArgumentException("integration " + integration + " invokes " + function
                        + ", which is no function of the template");
            }
            out.put(String.valueOf(route.get("RouteKey")), function);
        });
        return out;
    }

    /** {@code {Fn::Join: ["/", ["integrations", {Ref: X}]]}} → X. */
    private static String integrationOf(Object target) {
        if (target instanceof Map<?, ?> m
                && m.get("Fn::Join") instanceof List<?> join
                && join.size() == 2
                && join.get(1) instanceof List<?> parts
                && parts.size() == 2
                && parts.get(1) instanceof Map<?, ?> ref
                && ref.get("Ref") != null) {
            return String.valueOf(ref.get("Ref"));
        }
        throw new IllegalArgumentException(
                "expected Target {Fn::Join: [\"/\", [\"integrations\", {Ref: X}]]}, got " + target);
    }

    private static String functionOf(Object uri) {
        Object sub = uri instanceof Map<?, ?> m ? m.get("Fn::Sub") : null;
        Matcher matcher = FUNCTION_REF.matcher(sub instanceof String s ? s : "");
        if (!matcher.find()) {
            throw new IllegalArgumentException(
                    "expected IntegrationUri {Fn::Sub: \"…/functions/${Fn.Alias}/…\"}, got " + uri);
        }
        return matcher.group(1);
    }
}
