package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.zapgate.sessionhost.SessionHostConfig;
import io.zapgate.sessionhost.ops.HealthProbe;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.sessionhost.ops.OpsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The session host's ECS stack (infra/session-host-ecs/session-host.yaml) passes AWS's offline validator and
 * cannot drift from the code: its task definition sets every variable {@link SessionHostConfig#from} requires
 * (the encryption key as a secret), each table/queue variable is fed from the SAM stack output of the same
 * resource the functions use, and the task role grants exactly the host's DynamoDB and SQS calls on those.
 */
class SessionHostStackTest {
    private static final Path STACK =
            Path.of("../session-host-ecs/session-host.yaml").toAbsolutePath().normalize();
    private static final Path SAM =
            Path.of("../../template.yaml").toAbsolutePath().normalize();
    private static final Pattern MISSING = Pattern.compile("environment variable (\\w+) is not set");

    /** The host's AWS access (its adapters' calls), by the SAM output naming the resource's ARN. */
    private static final Map<String, Set<String>> ACCESS = Map.of(
            "InstancesTableArn", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Scan"),
            "ConnectResultsTableArn", Set.of("dynamodb:PutItem"),
            "SessionsTableArn", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
            // ConditionCheckItem: fenced command results; DeleteItem: the host's heartbeat row (graceful stop, janitor)
            "SessionLeasesTableArn",
                    Set.of(
                            "dynamodb:GetItem",
                            "dynamodb:UpdateItem",
                            "dynamodb:ConditionCheckItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:Query"),
            "CommandQueueArn",
                    Set.of(
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueAttributes",
                            "sqs:SendMessage"),
            // each host's own queue, arn:…:<HostQueuePrefix>-host-* (command routing, docs/fleet.md)
            "HostQueuePrefix",
                    Set.of(
                            "sqs:CreateQueue",
                            "sqs:DeleteQueue",
                            "sqs:GetQueueUrl",
                            "sqs:GetQueueAttributes",
                            "sqs:SetQueueAttributes",
                            "sqs:SendMessage",
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility"),
            "EventQueueArn", Set.of("sqs:SendMessage"),
            "StreamEventQueueArn", Set.of("sqs:SendMessage"),
            "EnvelopeKmsKeyArn", Set.of("kms:GenerateDataKey", "kms:Decrypt"));

    private final Map<String, Object> stack = yaml(STACK);
    private final Map<String, Object> sam = yaml(SAM);

    @Test
    void theStackValidates() throws Exception {
        CfnValidator.Result r = CfnValidator.validate(STACK);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("no findings");
    }

    @Test
    void theValidatorChecksThisStack(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad-cpu.yaml");
        Files.writeString(bad, Files.readString(STACK).replace("Default: \"1024\"", "Default: \"1000\""));
        CfnValidator.Result r = CfnValidator.validate(bad);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("1000");
    }

    @Test
    void theTaskDefinitionSetsEveryVariableTheHostRequires() throws IOException {
        Map<String, Object> env = environment();
        Set<String> secrets = new TreeSet<>();
        // the former key ring is optional (migration only): {Fn::If: [HasEncryptionKey, [secrets], AWS::NoValue]}
        Map<String, Object> secretsIf = map(container().get("Secrets"));
        assertThat(list(secretsIf.get("Fn::If")).get(0)).isEqualTo("HasEncryptionKey");
        list(list(secretsIf.get("Fn::If")).get(1)).forEach(s -> secrets.add(String.valueOf(map(s).get("Name"))));

        Set<String> required = requiredVariables();
        assertThat(required).contains("ZAPGATE_INSTANCES_TABLE", "ZAPGATE_KMS_KEY_ID");
        assertThat(refs(env.get("ZAPGATE_KMS_KEY_ID"))).containsExactly("EnvelopeKmsKeyArn");
        assertThat(map(sam.get("Outputs"))).containsKey("EnvelopeKmsKeyArn");
        Set<String> given = new TreeSet<>(env.keySet());
        given.addAll(secrets);
        assertThat(given).containsAll(required);
        assertThat(secrets)
                .as("secrets come from Secrets Manager/SSM, not plaintext")
                .contains("ZAPGATE_ENCRYPTION_KEY");
        assertThat(env)
                .doesNotContainKey("ZAPGATE_ENCRYPTION_KEY")
                .containsKeys("AWS_REGION", "ZAPGATE_STREAM_QUEUE_URL");

        // no misspelt optional variable: every ZAPGATE_ name set is one the configuration reads
        assertThat(variablesTheConfigReads())
                .containsAll(
                        given.stream().filter(n -> n.startsWith("ZAPGATE_")).toList());

        Map<String, String> resolved = new HashMap<>();
        env.forEach((k, v) -> resolved.put(k, resolve(k, v)));
        SessionHostConfig kmsOnly = SessionHostConfig.from(resolved);
        assertThat(kmsOnly.encryptionKey()).isNull();
        assertThat(kmsOnly.kmsKeyId()).isEqualTo("resolved-ZAPGATE_KMS_KEY_ID");
        secrets.forEach(s -> resolved.put(s, "secret"));
        SessionHostConfig config = SessionHostConfig.from(resolved);
        assertThat(config.eventQueueUrls()).hasSize(2);
        assertThat(config.commandWaitSeconds()).isBetween(1, 20);
    }

    @Test
    void tableAndQueueVariablesComeFromTheSamOutputsOfTheResourcesTheFunctionsUse() {
        Map<String, Object> samEnv =
                map(map(map(sam.get("Globals")).get("Function")).get("Environment"));
        Map<String, Object> functionsEnv = map(samEnv.get("Variables"));
        Map<String, Object> outputs = map(sam.get("Outputs"));
        Map<String, Object> env = environment();
        int checked = 0;
        for (String name : env.keySet()) {
            if (!name.endsWith("_TABLE") && !name.endsWith("_QUEUE_URL")) {
                continue;
            }
            String resource = String.valueOf(map(functionsEnv.get(name)).get("Ref"));
            List<String> params = refs(env.get(name));
            assertThat(params).as(name).hasSize(1);
            String output = params.get(0);
            assertThat(outputs).as("SAM output " + output).containsKey(output);
            assertThat(resourceOf(outputs, output)).as(name + " resource").isEqualTo(resource);
            assertThat(outputs).as("SAM output for the ARN of " + resource).containsKey(arnOutput(outputs, resource));
            checked++;
        }
        assertThat(checked).isEqualTo(7);
    }

    @Test
    void theTaskRoleGrantsExactlyTheHostsCallsOnItsTablesAndQueues() {
        Map<String, Set<String>> granted = new TreeMap<>();
        Map<String, Object> role =
                map(map(map(stack.get("Resources")).get("TaskRole")).get("Properties"));
        for (Object policy : list(role.get("Policies"))) {
            for (Object st : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                Map<String, Object> statement = map(st);
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                List<String> actions = list(statement.get("Action")).stream()
                        .map(String::valueOf)
                        .toList();
                assertThat(actions).noneMatch(a -> a.contains("*"));
                for (Object resource : list(statement.get("Resource"))) {
                    List<String> params = refs(resource);
                    assertThat(params).as("resource %s", resource).hasSize(1);
                    granted.computeIfAbsent(params.get(0), k -> new TreeSet<>()).addAll(actions);
                }
            }
        }
        assertThat(granted).isEqualTo(new TreeMap<>(ACCESS));

        // and those are the tables and queues the task definition points the host at
        Map<String, Object> outputs = map(sam.get("Outputs"));
        for (Object value : environment().values()) {
            for (String param : refs(value)) {
                if (param.endsWith("TableArn") || param.endsWith("QueueUrl")) {
                    String resource = resourceOf(outputs, param);
                    assertThat(granted).as("IAM for " + resource).containsKey(arnOutput(outputs, resource));
                }
            }
        }
    }

    @Test
    void gracefulShutdownFitsTheStopTimeoutAndDeploysRollWithSeveralHosts() throws IOException {
        Object stop = container().get("StopTimeout");
        assertThat(((Number) stop).intValue()).isBetween(60, 120);
        Map<String, Object> params = map(stack.get("Parameters"));
        // commands are routed to the lease owner: several hosts, new ones start before old ones stop
        assertThat(map(params.get("DesiredCount")).get("Default")).isEqualTo(2);
        assertThat(map(params.get("DeploymentMinimumHealthyPercent")).get("Default"))
                .isEqualTo(100);
        assertThat(map(params.get("DeploymentMaximumPercent")).get("Default")).isEqualTo(200);
        assertThat(resolve("ZAPGATE_HOST_QUEUE_PREFIX", environment().get("ZAPGATE_HOST_QUEUE_PREFIX")))
                .as("the task role's host-queue pattern is the prefix the host uses")
                .isEqualTo(map(params.get("HostQueuePrefix")).get("Default"));
        assertThat(Files.readString(STACK))
                .doesNotContain("!Ref")
                .doesNotContain("!GetAtt")
                .doesNotContain("!Sub");
    }

    @Test
    void theContainerHealthCheckProbesLivenessOnTheConfiguredHealthPort() {
        Map<String, Object> check = map(container().get("HealthCheck"));
        List<Object> command = list(check.get("Command"));
        assertThat(command.get(0)).isEqualTo("CMD");
        assertThat(command).contains(HealthProbe.class.getName(), "/health/live", "-XX:-UsePerfData");
        assertThat(environment()).containsKey("ZAPGATE_HEALTH_PORT");
        assertThat(resolve("ZAPGATE_HEALTH_PORT", environment().get("ZAPGATE_HEALTH_PORT")))
                .isEqualTo(String.valueOf(OpsConfig.DEFAULT_PORT));
        assertThat(environment())
                .as("the test-only fault switch is never on in the ECS stack")
                .doesNotContainKey(io.zapgate.sessionhost.ops.Chaos.ENV);
        // the start period covers the start-up resume of saved sessions
        assertThat(((Number) check.get("StartPeriod")).intValue()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theAlarmsWatchMetricsTheHostWrites() {
        Set<String> written = new TreeSet<>(Set.of("SessionsHeld"));
        for (HostMetrics.Counter c : HostMetrics.Counter.values()) {
            written.add(c.metric());
        }
        Set<String> watched = new TreeSet<>();
        map(stack.get("Resources")).forEach((id, r) -> {
            if (!"AWS::CloudWatch::Alarm".equals(map(r).get("Type"))) {
                return;
            }
            Map<String, Object> p = map(map(r).get("Properties"));
            List<Map<String, Object>> stats = new ArrayList<>();
            stats.add(p);
            list(p.get("Metrics")).forEach(m -> {
                Map<String, Object> stat = map(map(m).get("MetricStat"));
                if (!stat.isEmpty()) {
                    stats.add(map(stat.get("Metric")));
                }
            });
            for (Map<String, Object> s : stats) {
                if (HostMetrics.NAMESPACE.equals(s.get("Namespace"))) {
                    watched.add(String.valueOf(s.get("MetricName")));
                    assertThat(list(s.get("Dimensions")))
                            .as(id + " dimensions")
                            .containsExactly(Map.of("Name", "Service", "Value", Map.of("Ref", "AWS::StackName")));
                }
            }
        });
        assertThat(watched)
                .containsExactlyInAnyOrder(
                        "LeaseRenewalFailures", "SessionsHeld", "SessionsRefusedAtCapacity", "CommandsDeadLettered");
        assertThat(written).containsAll(watched);
        assertThat(environment().get("ZAPGATE_METRICS_SERVICE")).isEqualTo(Map.of("Ref", "AWS::StackName"));
    }

    // ---------------------------------------------------------------- the code's side

    /** Asks the code: adds each variable {@code from} says is missing until it succeeds. */
    private static Set<String> requiredVariables() {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            try {
                SessionHostConfig.from(env);
                return new TreeSet<>(env.keySet());
            } catch (IllegalStateException e) {
                Matcher m = MISSING.matcher(String.valueOf(e.getMessage()));
                if (!m.find()) {
                    throw e;
                }
                env.put(m.group(1), "x");
            }
        }
        return fail("SessionHostConfig.from kept asking for variables: " + env.keySet());
    }

    /** The ZAPGATE_ names in the constant pools of SessionHostConfig and OpsConfig: every variable they read. */
    private static Set<String> variablesTheConfigReads() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Class<?> type : List.of(SessionHostConfig.class, OpsConfig.class)) {
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("ZAPGATE_[A-Z_]+").matcher(text);
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the stack's side

    private Map<String, Object> container() {
        Map<String, Object> td =
                map(map(map(stack.get("Resources")).get("TaskDefinition")).get("Properties"));
        List<Object> containers = list(td.get("ContainerDefinitions"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private Map<String, Object> environment() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object e : list(container().get("Environment"))) {
            // an optional variable is {Fn::If: [condition, {Name, Value}, AWS::NoValue]}: check its "set" branch
            Object entry =
                    map(e).containsKey("Fn::If") ? list(map(e).get("Fn::If")).get(1) : e;
            out.put(String.valueOf(map(entry).get("Name")), map(entry).get("Value"));
        }
        return out;
    }

    /** A literal, a parameter's default, or a placeholder for what only CloudFormation can resolve. */
    private String resolve(String name, Object value) {
        if (value instanceof String || value instanceof Number) {
            return String.valueOf(value);
        }
        List<String> r = refs(value);
        Object dflt = r.size() == 1 && map(value).containsKey("Ref")
                ? map(map(stack.get("Parameters")).get(r.get(0))).get("Default")
                : null;
        return dflt != null ? String.valueOf(dflt) : "resolved-" + name;
    }

    /** The resource a SAM output names: {@code Ref: R} or {@code Fn::GetAtt: [R, …]}. */
    private static String resourceOf(Map<String, Object> outputs, String output) {
        Map<String, Object> value = map(map(outputs.get(output)).get("Value"));
        if (value.get("Ref") != null) {
            return String.valueOf(value.get("Ref"));
        }
        List<Object> att = list(value.get("Fn::GetAtt"));
        return att.isEmpty() ? "(output " + output + " names no resource)" : String.valueOf(att.get(0));
    }

    /** The name of the SAM output whose value is {@code Fn::GetAtt: [resource, Arn]}. */
    private static String arnOutput(Map<String, Object> outputs, String resource) {
        for (Map.Entry<String, Object> o : outputs.entrySet()) {
            Object v = map(o.getValue()).get("Value");
            if (v instanceof Map<?, ?> m
                    && m.get("Fn::GetAtt") instanceof List<?> l
                    && l.equals(List.of(resource, "Arn"))) {
                return o.getKey();
            }
        }
        return "(no output with the ARN of " + resource + ")";
    }

    /** Every {@code Ref:} target (not pseudo parameters) anywhere inside a value. */
    private static List<String> refs(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k) && !String.valueOf(v).startsWith("AWS::")) {
                    out.add(String.valueOf(v));
                } else {
                    out.addAll(refs(v));
                }
            });
        } else if (value instanceof List<?> l) {
            l.forEach(v -> out.addAll(refs(v)));
        }
        return out;
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return map(doc);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : o == null ? List.of() : List.of(o);
    }
}
