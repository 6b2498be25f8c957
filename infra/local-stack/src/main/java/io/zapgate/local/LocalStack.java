package io.zapgate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.EmbeddedAws;
import io.zapgate.aws.local.LocalAws;
import io.zapgate.aws.local.SamTemplate;
import io.zapgate.aws.local.TemplateProvisioner;
import io.zapgate.core.log.Log;
import io.zapgate.functions.support.FunctionConfig;
import io.zapgate.functions.support.Services;
import io.zapgate.functions.ws.StreamServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole API in one JVM: DynamoDB Local + ElasticMQ, the template's tables and queues, and the template's
 * routes served over HTTP by the same handler classes the cloud runs, configured through the same
 * environment variables.
 */
public final class LocalStack implements AutoCloseable {
    private static final Log LOG = Log.get(LocalStack.class);
    /** The resources entry holding the local key ring (no longer a template parameter: the template has no raw key). */
    private static final String LOCAL_KEY_RING = "EncryptionKey";

    private final LocalAws aws;
    private final boolean ownsAws;
    private final LocalGateway gateway;
    private final Map<String, String> refs;
    private final String accountToken;
    private final String adminSecret;
    private final AwsEndpoints endpoints;

    private final LocalEventSources sources;
    private LocalSessionHost sessions;
    private SessionHostFactory sessionHostFactory;
    private LocalStackConfig config;

    private interface SessionHostFactory {
        LocalSessionHost start() throws IOException;
    }

    private LocalWebSocketServer webSockets;
    private final String accountId;

    private LocalStack(
            LocalAws aws,
            boolean ownsAws,
            LocalGateway gateway,
            LocalEventSources sources,
            Map<String, String> refs,
            AccountBootstrap.LocalAccount account,
            String adminSecret) {
        this.accountId = account.id();
        String accountToken = account.token();
        this.sources = sources;

        this.aws = aws;
        this.ownsAws = ownsAws;
        this.gateway = gateway;
        this.refs = refs;
        this.accountToken = accountToken;
        this.adminSecret = adminSecret;
        this.endpoints = aws.endpoints();
    }

    /** Starts DynamoDB Local + ElasticMQ in this JVM (in memory, or file mode under the data folder). */
    public static LocalStack start(LocalStackConfig config, Clock clock) throws IOException {
        EmbeddedAws aws = EmbeddedAws.start(
                config.dataDir() == null ? null : config.dataDir().resolve("dynamodb"));
        return start(config, clock, aws, true);
    }

    /** Runs on an AWS backend someone else started (e.g. LocalStack in Docker for the test profile). */
    public static LocalStack start(LocalStackConfig config, Clock clock, LocalAws aws, boolean ownsAws)
            throws IOException {
        LocalWebSocketServer webSockets = null;
        try {
            SamTemplate template = SamTemplate.parse(templateText());
            AwsEndpoints e = aws.endpoints();
            AwsClients.Target target =
                    new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey());
            TemplateProvisioner provisioner = new TemplateProvisioner(template, "zapgate-");
            Map<String, String> refs =
                    new LinkedHashMap<>(provisioner.provision(AwsClients.dynamoDb(target), AwsClients.sqs(target)));
            String adminSecret = config.adminSecret() != null
                    ? config.adminSecret()
                    : LocalSecrets.readOrCreate(config.dataDir(), "admin-secret", LocalSecrets::randomKey);
            refs.put(
                    LOCAL_KEY_RING,
                    config.encryptionKey() != null
                            ? config.encryptionKey()
                            : LocalSecrets.readOrCreate(config.dataDir(), "encryption-key", LocalSecrets::randomKey));
            refs.put("AdminSecret", adminSecret);
            refs.put("DefaultInstanceQuota", Integer.toString(config.instanceQuota()));
            refs.put("LogLevel", config.logLevel());
            refs.put("WebhookAllowPrivateTargets", "true");
            refs.put("WebhookBackoffSeconds", Integer.toString(config.webhookBackoffSeconds()));
            refs.put("RateLimitGlobal", Integer.toString(config.rateLimitGlobal()));
            refs.put("RateLimitCreate", Integer.toString(config.rateLimitCreate()));
            Map<Map<String, String>, Services> servicesByEnv = new HashMap<>();
            RouteTable<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = new RouteTable<>();
            Services any = null;
            SqsClient sqs = AwsClients.sqs(target);
            LocalEventSources sources = new LocalEventSources(sqs);
            webSockets = LocalWebSocketServer.start(config.bindAddress(), config.wsPort());
            Map<Map<String, String>, StreamServices> streamsByEnv = new HashMap<>();
            Map<String, Object> handlers = new HashMap<>();
            Map<String, Map<String, String>> functionEnvs = new LinkedHashMap<>();
            Map<String, String> functionHandlers = new LinkedHashMap<>();
            for (SamTemplate.Function f : template.functions()) {
                Map<String, String> env = environment(template, provisioner, f, refs, e);
                env.put("ZAPGATE_WS_ENDPOINT", webSockets.managementEndpoint());
                functionEnvs.put(f.logicalId(), Map.copyOf(env));
                functionHandlers.put(f.logicalId(), f.handlerClass());
                Services services =
                        servicesByEnv.computeIfAbsent(env, x -> Services.from(FunctionConfig.from(x), clock));
                any = services;
                Object handler = instantiate(
                        f, services, () -> streamsByEnv.computeIfAbsent(env, x -> StreamServices.from(x, clock)));
                handlers.put(f.logicalId(), handler);
                f.routes().forEach(r -> routes.add(r.method(), r.path(), http(handler, f)));
                for (String queue : f.sqsQueues()) {
                    String url = refs.get(queue);
                    String arn = sqs.getQueueAttributes(
                                    b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN);
                    sources.start(url, arn, sqsHandler(handler, f));
                }
            }
            AccountBootstrap.LocalAccount account = new AccountBootstrap(any, config).ensureLocalAccount();
            LocalGateway gateway = new LocalGateway(config.bindAddress(), config.port(), routes, webSockets.url());
            for (Map.Entry<String, String> r : WebSocketRoutes.from(template).entrySet()) {
                webSockets.route(r.getKey(), r.getValue(), handlers.get(r.getValue()));
            }
            LOG.info(
                    "local stack started",
                    "port",
                    gateway.port(),
                    "wsPort",
                    webSockets.port(),
                    "persistent",
                    config.dataDir() != null);
            LocalStack stack = new LocalStack(aws, ownsAws, gateway, sources, refs, account, adminSecret);
            stack.config = config;
            stack.functionEnvironments = java.util.Collections.unmodifiableMap(functionEnvs);
            stack.functionHandlers = java.util.Collections.unmodifiableMap(functionHandlers);
            if (config.sessionHost()) {
                Map<String, String> hostEnv = environment(
                        template,
                        provisioner,
                        new SamTemplate.Function("SessionHost", "", java.util.List.of(), java.util.List.of(), Map.of()),
                        refs,
                        e);
                var dynamo = AwsClients.dynamoDb(target);
                // a fleet's log files: under the data folder, or a temporary one (the in-process host needs none)
                java.nio.file.Path workDir = config.dataDir() != null || !config.hostProcesses()
                        ? config.dataDir()
                        : java.nio.file.Files.createTempDirectory("zapgate-local-");
                stack.sessionHostFactory = () -> LocalSessionHost.start(config, hostEnv, dynamo, sqs, workDir);
                stack.sessions = stack.sessionHostFactory.start();
            }
            stack.webSockets = webSockets;
            return stack;
        } catch (IOException | RuntimeException ex) {
            if (webSockets != null) {
                webSockets.close();
            }
            if (ownsAws) {
                aws.close();
            }
            throw ex;
        }
    }

    private static Map<String, String> environment(
            SamTemplate t, TemplateProvisioner p, SamTemplate.Function f, Map<String, String> refs, AwsEndpoints e) {
        Map<String, Object> raw = new LinkedHashMap<>(t.globalEnvironment());
        raw.putAll(f.environment());
        Map<String, String> env = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String resolved = p.resolve(v, refs);
            if (resolved != null) {
                env.put(k, resolved);
            }
        });
        // local only: no KMS here, the local key ring seals (the deployed stack never has a raw key, template.yaml)
        String ring = refs.get(LOCAL_KEY_RING);
        if (ring != null) {
            env.put("ZAPGATE_ENCRYPTION_KEY", ring);
        }
        env.put("AWS_REGION", e.region());
        env.put("ZAPGATE_DYNAMODB_ENDPOINT", e.dynamoDb().toString());
        env.put("ZAPGATE_SQS_ENDPOINT", e.sqs().toString());
        // DynamoDB Local has no GetRecords limit: a waiting connect polls the results stream every 10 ms, not at
        // the deployed default (200 ms: one reader stays within AWS's 5 GetRecords/s per shard)
        env.putIfAbsent("ZAPGATE_RESULT_POLL_MS", "10");
        return env;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> http(
            Object handler, SamTemplate.Function f) {
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalStateException(f.logicalId() + " has HTTP routes but is no RequestHandler");
        }
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(Object handler, SamTemplate.Function f) {
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalStateException(f.logicalId() + " has an SQS event but is no RequestHandler");
        }
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }

    private static Object instantiate(SamTemplate.Function f, Services services, Supplier<StreamServices> streams) {
        try {
            Class<?> type = Class.forName(f.handlerClass());
            try {
                return type.getConstructor(Services.class).newInstance(services);
            } catch (NoSuchMethodException noServices) {
                try {
                    return type.getConstructor(StreamServices.class).newInstance(streams.get());
                } catch (NoSuchMethodException noStreamServices) {
                    return type.getConstructor().newInstance();
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "template function " + f.logicalId() + " names handler " + f.handler() + " which cannot be loaded",
                    e);
        }
    }

    /** The template.yaml packaged with this module (copied from the repository root at build time). */
    public static String templateText() {
        try (InputStream in = LocalStack.class.getClassLoader().getResourceAsStream("template.yaml")) {
            if (in == null) {
                throw new IllegalStateException("template.yaml is not on the classpath: rebuild infra/local-stack");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return gateway.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port of the local WebSocket API (the event stream). */
    public int wsPort() {
        return webSockets.port();
    }

    /** Where clients open the event stream: {@code ws://host:port/?token=…}. */
    public String wsUrl() {
        return webSockets.url();
    }

    public String accountToken() {
        return accountToken;
    }

    /**
     * Stops the session host (closing sockets without logout, as a deploy does) and starts a new one on the same
     * tables, which resumes the saved sessions.
     */
    void restartSessionHost() throws IOException {
        sessions.close();
        sessions = sessionHostFactory.start();
    }

    /**
     * Restarts session host process {@code index} (0-based, in {@link #sessionHostPids()} order) gracefully, as a
     * rolling deploy replaces a task: SIGTERM, wait for its exit, start a replacement with the same configuration
     * (a new host id) and wait until it is ready. Only with {@code ZAPGATE_SESSION_HOSTS} &gt; 1.
     *
     * @return the replacement's host id
     */
    public String restartSessionHost(int index) throws IOException {
        if (sessions == null || sessions.fleet() == null) {
            throw new IllegalStateException("no session host processes (ZAPGATE_SESSION_HOSTS must be more than 1)");
        }
        return sessions.fleet().restart(index).hostId();
    }

    /**
     * The session host processes' health (and, with {@code ZAPGATE_CHAOS}, fault switch) ports: host id → port, in
     * host order; empty when the session host runs in this JVM or not at all.
     */
    public Map<String, Integer> sessionHostHealthPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (sessions != null && sessions.fleet() != null) {
            sessions.fleet().members().forEach(m -> ports.put(m.hostId(), m.healthPort()));
        }
        return ports;
    }

    LocalStackConfig config() {
        return config;
    }

    /** The in-process session host, or null when started with {@code --no-session-host}. */
    LocalSessionHost sessions() {
        return sessions;
    }

    /**
     * The session host processes ({@code ZAPGATE_SESSION_HOSTS} &gt; 1): host id → pid, in host order; empty when
     * the session host runs in this JVM or not at all. A process that died is still listed (it is not restarted by
     * itself); one replaced by {@link #restartSessionHost(int)} is listed under its successor's id.
     */
    public Map<String, Long> sessionHostPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (sessions != null && sessions.fleet() != null) {
            sessions.fleet().members().forEach(m -> pids.put(m.hostId(), m.pid()));
        }
        return pids;
    }

    /** The session host processes' log files (stdout and stderr): host id → file, in host order; empty in-process. */
    public Map<String, java.nio.file.Path> sessionHostLogs() {
        Map<String, java.nio.file.Path> logs = new LinkedHashMap<>();
        if (sessions != null && sessions.fleet() != null) {
            sessions.fleet().members().forEach(m -> logs.put(m.hostId(), m.log()));
        }
        return logs;
    }

    /** The local account's id (the account the printed token opens). */
    private Map<String, Map<String, String>> functionEnvironments = Map.of();

    private Map<String, String> functionHandlers = Map.of();

    /**
     * Each template function's environment as this stack resolved it (tables, queues, local endpoints), by
     * logical id in template order: what a function started in another JVM needs (the cold-start bench).
     */
    public Map<String, Map<String, String>> functionEnvironments() {
        return functionEnvironments;
    }

    /** Each template function's handler class, by logical id in template order. */
    public Map<String, String> functionHandlers() {
        return functionHandlers;
    }

    public String accountId() {
        return accountId;
    }

    public String adminSecret() {
        return adminSecret;
    }

    /** Logical id → physical name or URL of every table and queue. */
    public Map<String, String> resources() {
        return Map.copyOf(refs);
    }

    public AwsEndpoints awsEndpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        try {
            if (sessions != null) {
                sessions.close();
            }
            webSockets.close();
            sources.close();
            gateway.close();
        } finally {
            if (ownsAws) {
                aws.close();
            }
        }
        LOG.info("local stack stopped");
    }
}
