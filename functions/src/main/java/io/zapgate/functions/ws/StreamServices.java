package io.zapgate.functions.ws;

import io.zapgate.aws.ApiGatewayConnectionPusher;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbCountedTokenLookup;
import io.zapgate.aws.DynamoDbInstanceRepository;
import io.zapgate.aws.DynamoDbRateLimiter;
import io.zapgate.aws.DynamoDbStreamConnections;
import io.zapgate.aws.TableNames;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;
import io.zapgate.core.ratelimit.RateLimiter;
import io.zapgate.core.session.ConnectionPusher;
import io.zapgate.core.session.StreamConnections;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.core.usecase.OpenStream;
import io.zapgate.core.usecase.StreamDelivery;
import io.zapgate.functions.support.FunctionConfig;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of the stream functions, built once per runtime: the common configuration
 * ({@link FunctionConfig}) plus {@code ZAPGATE_WS_CONNECTIONS_TABLE} and, for the function that pushes,
 * {@code ZAPGATE_WS_ENDPOINT} (the WebSocket stage's https URL; the local stack points it at its own server).
 */
public final class StreamServices {
    public final Clock clock;
    public final OpenStream open;
    public final AuthGate authGate;
    public final StreamDelivery delivery;

    /** With the token read and its count as two calls (for in-memory ports). */
    public StreamServices(
            Clock clock,
            TokenRepository tokens,
            RateLimiter rateLimiter,
            InstanceRepository instances,
            StreamConnections connections,
            ConnectionPusher pusher) {
        this(clock, CountedTokenLookup.separate(tokens, rateLimiter), rateLimiter, instances, connections, pusher);
    }

    public StreamServices(
            Clock clock,
            CountedTokenLookup guarded,
            RateLimiter rateLimiter,
            InstanceRepository instances,
            StreamConnections connections,
            ConnectionPusher pusher) {
        this.clock = clock;
        this.open = new OpenStream(connections, clock);
        this.authGate = new AuthGate(guarded, rateLimiter, clock);
        this.delivery = new StreamDelivery(instances, connections, pusher, clock);
    }

    /** Real adapters from the function's environment; a missing required variable fails with its name. */
    public static StreamServices from(Map<String, String> env, Clock clock) {
        FunctionConfig c = FunctionConfig.from(env);
        Log.configure(c.logLevel(), System.out);
        String connectionsTable = env.get("ZAPGATE_WS_CONNECTIONS_TABLE");
        if (connectionsTable == null || connectionsTable.isBlank()) {
            throw new IllegalStateException(
                    "missing configuration: environment variable ZAPGATE_WS_CONNECTIONS_TABLE is not set");
        }
        AwsClients.Target target = c.dynamoDbEndpoint() == null
                ? AwsClients.Target.real(c.region())
                : new AwsClients.Target(c.region(), c.dynamoDbEndpoint(), c.sqsEndpoint(), "local", "local");
        var dynamo = AwsClients.dynamoDb(target);
        TableNames tables = new TableNames(
                c.accountsTable(), c.tokensTable(), c.instancesTable(), c.rateLimitsTable(), c.connectResultsTable());
        String endpoint = env.get("ZAPGATE_WS_ENDPOINT");
        ConnectionPusher pusher = endpoint == null || endpoint.isBlank()
                ? StreamServices::noEndpoint
                : lazyPusher(target, URI.create(endpoint));
        return new StreamServices(
                clock,
                new DynamoDbCountedTokenLookup(dynamo, tables.tokens(), c.rateLimits(), clock),
                new DynamoDbRateLimiter(dynamo, tables.rateLimits(), c.rateLimits(), clock),
                new DynamoDbInstanceRepository(dynamo, tables, c.secretCipher(target)),
                new DynamoDbStreamConnections(dynamo, connectionsTable),
                pusher);
    }

    /** The pusher's client built on the first push ({@code $connect} and {@code $default} never push). */
    private static ConnectionPusher lazyPusher(AwsClients.Target target, URI endpoint) {
        ApiGatewayConnectionPusher[] built = new ApiGatewayConnectionPusher[1];
        return (connectionId, text) -> {
            synchronized (built) {
                if (built[0] == null) {
                    built[0] = ApiGatewayConnectionPusher.create(target, endpoint);
                }
            }
            return built[0].push(connectionId, text);
        };
    }

    private static ConnectionPusher.Result noEndpoint(String connectionId, String text) {
        throw new IllegalStateException("missing configuration: environment variable ZAPGATE_WS_ENDPOINT is not set");
    }

    /** The runtime's single instance, built on first use from the process environment. */
    public static StreamServices fromEnvironment() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final StreamServices INSTANCE = from(Map.copyOf(System.getenv()), Clock.systemUTC());
    }
}
