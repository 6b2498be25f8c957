package io.zapgate.bench;

import io.zapgate.aws.EventCodec;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.testsupport.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cold start of every function in template.yaml, measured the way Lambda runs one: a fresh JVM per function on
 * the functions' shaded jar ({@code functions/target/zapgate-functions.jar}) with Lambda's JVM flags
 * ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto}), one CPU ({@code taskset -c 0} when
 * present, and {@code -XX:ActiveProcessorCount=1}), the function's environment as the local stack resolves it
 * from the template, the handler class constructed ({@link ColdStartChild}), then one realistic event handled
 * against DynamoDB Local + ElasticMQ, which run in this JVM. Prints per function the constructor time, the
 * first request, their sum (the goal's figure), the child's wall time (that sum plus the JVM's own start and
 * exit, which on Lambda is the runtime's), the child's CPU time up to its answer (JVM start included; less
 * sensitive than wall time to other load on the machine), the jar size, and one {@code GOAL|coldstart-<function>|...} line per
 * function (goal: 1 s).
 *
 * <p>Arguments: [rounds per function, default 3; the median is reported]. Environment: {@code
 * BENCH_FUNCTIONS_JAR} overrides the jar; {@code BENCH_COLDSTART_ONLY} a regex of the functions to run;
 * {@code BENCH_COLDSTART_JVM_FLAGS} extra child JVM flags (e.g. {@code -Xlog:class+load}); {@code
 * BENCH_COLDSTART_VERBOSE} prints the child's output.
 */
public final class ColdStartBench {
    private static final double GOAL_MS = 1000;

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Log.configure(Log.Level.WARN, System.out);
        Path jar =
                Path.of(System.getenv().getOrDefault("BENCH_FUNCTIONS_JAR", "functions/target/zapgate-functions.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the functions module (mvn -pl functions -am package)");
        }
        Path childDir = childClasses();
        LocalStackConfig config = LocalStackConfig.from(
                Map.of(
                        "ZAPGATE_PORT", "0",
                        "ZAPGATE_LOG_LEVEL", "WARN",
                        "ZAPGATE_SESSION_HOST", "0",
                        "ZAPGATE_RATE_LIMIT_GLOBAL", "100000",
                        "ZAPGATE_RATE_LIMIT_CREATE", "100000"),
                new String[] {"--in-memory"});
        try (LocalStack stack = LocalStack.start(config, MutableClock.startingAtNextMinutePlus(5))) {
            HttpClient http = HttpClient.newHttpClient();
            String token = stack.accountToken();
            String instanceId = create(http, stack, token, "cold");
            for (int r = 0; r < rounds; r++) {
                create(http, stack, token, "cold-del-" + r);
            }
            String event = EventCodec.encode(new InstanceEvent(
                    "evt-cold",
                    stack.accountId(),
                    "cold",
                    instanceId,
                    InstanceState.DISCONNECTED,
                    null,
                    null,
                    null,
                    null,
                    1,
                    Instant.now()));
            boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset"));
            System.out.printf(
                    "functions jar: %s, %.1f MB; child JVM: %s, %s; median of %d fresh JVMs per function%n",
                    jar,
                    Files.size(jar) / 1e6,
                    String.join(" ", jvmFlags()),
                    taskset ? "taskset -c 0" : "no taskset (ActiveProcessorCount=1 only)",
                    rounds);
            System.out.printf(
                    "%-26s %-8s %9s %11s %10s %9s %9s%n",
                    "function", "outcome", "ctor ms", "1st req ms", "total ms", "wall ms", "cpu ms");
            String only = System.getenv("BENCH_COLDSTART_ONLY");
            List<String> extra = System.getenv("BENCH_COLDSTART_JVM_FLAGS") == null
                    ? List.of()
                    : List.of(System.getenv("BENCH_COLDSTART_JVM_FLAGS").trim().split("\\s+"));
            boolean verbose = System.getenv("BENCH_COLDSTART_VERBOSE") != null;
            List<String> goals = new ArrayList<>();
            for (Map.Entry<String, String> f : stack.functionHandlers().entrySet()) {
                String id = f.getKey();
                if (only != null && !id.matches(only)) {
                    continue;
                }
                double[] ctor = new double[rounds];
                double[] first = new double[rounds];
                double[] wall = new double[rounds];
                double[] cpu = new double[rounds];
                String outcome = "";
                for (int r = 0; r < rounds; r++) {
                    List<String> cmd = new ArrayList<>();
                    if (taskset) {
                        cmd.addAll(List.of("/usr/bin/taskset", "-c", "0"));
                    }
                    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
                    cmd.addAll(jvmFlags());
                    cmd.addAll(extra);
                    cmd.addAll(List.of("-cp", jar.toAbsolutePath() + java.io.File.pathSeparator + childDir));
                    cmd.add(ColdStartChild.class.getName());
                    cmd.add(f.getValue());
                    cmd.addAll(eventArgs(id, token, stack.adminSecret(), event, r));
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                    pb.environment().clear();
                    pb.environment().putAll(stack.functionEnvironments().get(id));
                    pb.environment().put("ZAPGATE_LOG_LEVEL", "WARN");
                    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
                    long t0 = System.nanoTime();
                    Process p = pb.start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    if (verbose) {
                        System.out.println(out);
                    }
                    wall[r] = (System.nanoTime() - t0) / 1e6;
                    String line = out.lines()
                            .filter(l -> l.startsWith("COLDSTART|"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException(id + " printed no result:\n" + out));
                    String[] parts = line.split("\\|");
                    ctor[r] = Double.parseDouble(parts[1]);
                    first[r] = Double.parseDouble(parts[2]);
                    outcome = parts[3];
                    cpu[r] = Double.parseDouble(parts[4]);
                }
                double total = median(sum(ctor, first));
                System.out.printf(
                        "%-26s %-8s %9.0f %11.0f %10.0f %9.0f %9.0f%n",
                        id, outcome, median(ctor), median(first), total, median(wall), median(cpu));
                goals.add(String.format(
                        "GOAL|coldstart-%s|%.0f ms (init %.0f + first request %.0f, median of %d, 1 CPU)|%.0f ms|%s",
                        id, total, median(ctor), median(first), rounds, GOAL_MS, total <= GOAL_MS ? "MET" : "NOT MET"));
            }
            goals.forEach(System.out::println);
        }
    }

    static List<String> jvmFlags() {
        return List.of(
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-XX:ActiveProcessorCount=1",
                "-XX:+UseSerialGC",
                "-Xmx512m");
    }

    /** The event each function gets: the routes and bodies a client would send. */
    private static List<String> eventArgs(String id, String token, String admin, String event, int round) {
        String tok = "token=" + token;
        return switch (id) {
            case "NotFoundFunction" -> List.of("http", "method=GET", "path=/nope", "route=$default", tok);
            case "OpenApiFunction" -> List.of("http", "method=GET", "path=/openapi.yaml", "route=GET /openapi.yaml");
            case "WebhookDeliveryFunction", "EventStreamFunction" -> List.of("sqs", "body=" + event);
            case "CreateAccountFunction" ->
                List.of(
                        "http",
                        "method=POST",
                        "path=/api/admin/accounts",
                        "route=POST /api/admin/accounts",
                        "admin=" + admin,
                        "body={\"name\":\"Cold " + round + "\"}");
            case "CreateInstanceFunction" ->
                List.of(
                        "http",
                        "method=POST",
                        "path=/api/instance/new",
                        "route=POST /api/instance/new",
                        tok,
                        "body={\"name\":\"cold-new-" + round + "\"}");
            case "ListInstancesFunction" ->
                List.of("http", "method=GET", "path=/api/instance/list", "route=GET /api/instance/list", tok);
            case "DeleteInstanceFunction" ->
                http("DELETE", "/api/instance/delete/{instance}", "cold-del-" + round, tok, null);
            case "GetSettingsFunction" -> http("GET", "/api/instance/getSettings/{instance}", "cold", tok, null);
            case "UpdateSettingsFunction" ->
                http("POST", "/api/instance/settings/{instance}", "cold", tok, "{\"autoRejectCalls\":true}");
            case "GetProxyFunction" -> http("GET", "/api/instance/getProxy/{instance}", "cold", tok, null);
            case "UpdateProxyFunction" ->
                http("POST", "/api/instance/proxy/{instance}", "cold", tok, "{\"enabled\":false}");
            case "GetS3Function" -> http("GET", "/api/instance/getS3/{instance}", "cold", tok, null);
            case "UpdateS3Function" -> http("POST", "/api/instance/s3/{instance}", "cold", tok, "{\"enabled\":false}");
            // the link routes against an instance that does not exist: auth + lookup, no session host in this bench
            case "ConnectFunction" -> http("GET", "/api/instance/connect/{instance}", "absent", tok, null);
            case "ReconnectFunction" -> http("POST", "/api/instance/reconnect/{instance}", "absent", tok, null);
            case "LogoutFunction" -> http("DELETE", "/api/instance/logout/{instance}", "absent", tok, null);
            case "EvolutionApiFunction" ->
                List.of(
                        "http",
                        "method=GET",
                        "path=/instance/fetchInstances",
                        "route=GET /instance/fetchInstances",
                        "token=" + token);
            case "WsConnectFunction" -> List.of("ws-connect", tok);
            case "WsDisconnectFunction" -> List.of("ws-disconnect");
            case "WsDefaultFunction" -> List.of("ws-default", "body={\"action\":\"ping\"}");
            default -> List.of("http", "method=GET", "path=/", "route=$default", tok);
        };
    }

    private static List<String> http(String method, String route, String instance, String tok, String body) {
        List<String> a = new ArrayList<>(List.of(
                "http",
                "method=" + method,
                "path=" + route.replace("{instance}", instance),
                "route=" + method + " " + route,
                "param=" + instance,
                tok));
        if (body != null) {
            a.add("body=" + body);
        }
        return a;
    }

    private static String create(HttpClient http, LocalStack stack, String token, String name) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/instance/new"))
                        .header("token", token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create " + name + " answered " + r.statusCode() + ": " + r.body());
        }
        var m = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no instance id in " + r.body());
        }
        return m.group(1);
    }

    /** A folder holding only the child's class (this module's classes also register an SDK interceptor). */
    private static Path childClasses() throws IOException {
        Path dir = Files.createTempDirectory("zapgate-coldstart-");
        for (String name : List.of("ColdStartChild", "ColdStartChild$BenchContext", "ColdStartChild$BenchContext$1")) {
            String res = "io/zapgate/bench/" + name + ".class";
            try (InputStream in = ColdStartBench.class.getClassLoader().getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException(res + " not found");
                }
                Path target = dir.resolve(res);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        dir.toFile().deleteOnExit();
        return dir;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
