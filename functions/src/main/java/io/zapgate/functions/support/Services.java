package io.zapgate.functions.support;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbAccountRepository;
import io.zapgate.aws.DynamoDbCountedTokenLookup;
import io.zapgate.aws.DynamoDbInstanceRepository;
import io.zapgate.aws.DynamoDbRateLimiter;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.aws.DynamoDbTokenRepository;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.aws.TableNames;
import io.zapgate.core.command.CommandBus;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.AccountRepository;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;
import io.zapgate.core.ratelimit.RateLimiter;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.core.usecase.Authorizer;
import io.zapgate.core.usecase.ConfigureInstance;
import io.zapgate.core.usecase.CreateAccount;
import io.zapgate.core.usecase.CreateInstance;
import io.zapgate.core.usecase.DeleteInstance;
import io.zapgate.core.usecase.InstanceLookup;
import io.zapgate.core.usecase.LinkInstance;
import io.zapgate.core.usecase.ListInstances;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root of the functions: ports wired to use cases, built once per runtime (per Lambda
 * sandbox, or once for the whole local stack). Handlers take it in their second constructor.
 */
public final class Services {
    public final Clock clock;
    public final RateLimiter rateLimiter;
    public final Authorizer authorizer;
    public final AuthGate authGate;
    public final InstanceLookup lookup;
    public final CreateInstance createInstance;
    public final ListInstances listInstances;
    public final DeleteInstance deleteInstance;
    public final ConfigureInstance configure;
    public final CreateAccount createAccount;
    public final String adminSecret;
    public final LinkInstance link;
    private volatile io.zapgate.functions.events.WebhookDelivery webhookDelivery;
    private volatile java.util.function.Supplier<io.zapgate.functions.events.WebhookDelivery> webhookDeliverySupplier;
    private volatile byte[] originSecret;
    public final AccountRepository accounts;
    public final TokenRepository tokens;

    /** With the token read and its count as two calls (for in-memory ports). */
    public Services(
            Clock clock,
            AccountRepository accounts,
            TokenRepository tokens,
            InstanceRepository instances,
            RateLimiter rateLimiter,
            CommandBus commands,
            CommandResults results,
            Duration connectWait,
            int defaultQuota,
            String adminSecret) {
        this(
                clock,
                accounts,
                tokens,
                CountedTokenLookup.separate(tokens, rateLimiter),
                instances,
                rateLimiter,
                commands,
                results,
                connectWait,
                defaultQuota,
                adminSecret);
    }

    public Services(
            Clock clock,
            AccountRepository accounts,
            TokenRepository tokens,
            CountedTokenLookup guarded,
            InstanceRepository instances,
            RateLimiter rateLimiter,
            CommandBus commands,
            CommandResults results,
            Duration connectWait,
            int defaultQuota,
            String adminSecret) {
        this.clock = clock;
        this.rateLimiter = rateLimiter;
        this.authorizer = new Authorizer(tokens);
        this.authGate = new AuthGate(guarded, rateLimiter, clock);
        this.lookup = new InstanceLookup(instances);
        this.createInstance = new CreateInstance(instances, clock);
        this.listInstances = new ListInstances(instances);
        this.link = new LinkInstance(lookup, commands, results, clock, connectWait);
        this.deleteInstance = new DeleteInstance(lookup, instances, commands, clock, link);
        this.configure = new ConfigureInstance(instances, commands, clock);
        this.createAccount = new CreateAccount(accounts, clock, defaultQuota);
        this.adminSecret = adminSecret;
        this.accounts = accounts;
        this.tokens = tokens;
    }

    /** Real adapters on DynamoDB and SQS from a parsed configuration. */
    public static Services from(FunctionConfig c, Clock clock) {
        Log.configure(c.logLevel(), System.out);
        AwsClients.Target target = c.dynamoDbEndpoint() == null
                ? AwsClients.Target.real(c.region())
                : new AwsClients.Target(c.region(), c.dynamoDbEndpoint(), c.sqsEndpoint(), "local", "local");
        var dynamo = AwsClients.dynamoDb(target);
        // built on first use: most routes never send a command or read the results stream (cold start)
        var sqs = io.zapgate.aws.LazyClient.sqs(() -> AwsClients.sqs(target));
        var streams = io.zapgate.aws.LazyClient.dynamoDbStreams(() -> AwsClients.dynamoDbStreams(target));
        TableNames tables = new TableNames(
                c.accountsTable(), c.tokensTable(), c.instancesTable(), c.rateLimitsTable(), c.connectResultsTable());
        io.zapgate.core.crypto.SecretCipher cipher = c.secretCipher(target);
        DynamoDbInstanceRepository instances = new DynamoDbInstanceRepository(dynamo, tables, cipher);
        Services s = new Services(
                clock,
                new DynamoDbAccountRepository(dynamo, tables),
                new DynamoDbTokenRepository(dynamo, tables.tokens()),
                new DynamoDbCountedTokenLookup(dynamo, tables.tokens(), c.rateLimits(), clock),
                instances,
                new DynamoDbRateLimiter(dynamo, tables.rateLimits(), c.rateLimits(), clock),
                commandBus(c, sqs, dynamo, clock),
                new DynamoDbStreamCommandResults(dynamo, streams, c.connectResultsTable(), c.resultPoll()),
                c.connectWait(),
                c.defaultInstanceQuota(),
                c.adminSecret());
        // only the webhook function delivers; its TLS client and watchdog are built on its first call
        s.webhookDeliverySupplier = () -> new io.zapgate.functions.events.WebhookDelivery(
                instances,
                new io.zapgate.functions.events.HttpWebhookSender(
                        new io.zapgate.functions.events.UrlGuard(c.allowPrivateTargets()), c.webhookTimeout()),
                (receipt, delay) -> sqs.changeMessageVisibility(b -> b.queueUrl(c.eventQueueUrl())
                        .receiptHandle(receipt)
                        .visibilityTimeout((int) delay.getSeconds())),
                clock,
                c.webhookBackoff(),
                c.webhookMaxAttempts());
        s.requireOrigin(c.originVerifySecret());
        return s;
    }

    /**
     * The command bus: with the leases table, each command goes straight to the queue of the session host that
     * holds its instance (one consistent GetItem per command), else to the shared queue (docs/fleet.md).
     */
    static SqsCommandBus commandBus(
            FunctionConfig c,
            software.amazon.awssdk.services.sqs.SqsClient sqs,
            software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo,
            Clock clock) {
        return c.sessionLeasesTable() == null
                ? new SqsCommandBus(sqs, c.commandQueueUrl())
                : new SqsCommandBus(
                        sqs,
                        c.commandQueueUrl(),
                        new io.zapgate.aws.DynamoDbSessionLeases(dynamo, c.sessionLeasesTable(), clock),
                        clock);
    }

    /**
     * Requires every HTTP request to carry {@value #ORIGIN_HEADER} with this value: the header the stack's
     * CloudFront distribution adds when the WAF is on, so calls straight to the execute-api address (which would
     * skip the WAF's rate rule) are refused. Null or blank: no check (the default).
     */
    public Services requireOrigin(String secret) {
        this.originSecret =
                secret == null || secret.isBlank() ? null : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return this;
    }

    /** The header CloudFront adds in front of the HTTP API (see {@link #requireOrigin}). */
    public static final String ORIGIN_HEADER = "x-zapgate-origin-verify";

    /** Whether HTTP requests come through the stack's CloudFront distribution (an origin secret is configured). */
    public boolean behindCloudFront() {
        return originSecret != null;
    }

    /** Whether a request's {@value #ORIGIN_HEADER} value passes; compared in constant time. */
    public boolean originAllowed(String presented) {
        byte[] expected = originSecret;
        if (expected == null) {
            return true;
        }
        return presented != null
                && java.security.MessageDigest.isEqual(
                        expected, presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The webhook function's collaborators; set by {@link #from} (absent in handler unit tests). */
    public io.zapgate.functions.events.WebhookDelivery webhookDelivery() {
        io.zapgate.functions.events.WebhookDelivery d = webhookDelivery;
        if (d == null) {
            synchronized (this) {
                d = webhookDelivery;
                if (d == null) {
                    if (webhookDeliverySupplier == null) {
                        throw new IllegalStateException("webhook delivery is not configured in this composition");
                    }
                    d = webhookDeliverySupplier.get();
                    webhookDelivery = d;
                }
            }
        }
        return d;
    }

    /** The runtime's single instance, built on first use from the process environment. */
    public static Services fromEnvironment() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final Services INSTANCE = from(FunctionConfig.from(Map.copyOf(System.getenv())), Clock.systemUTC());
    }
}
