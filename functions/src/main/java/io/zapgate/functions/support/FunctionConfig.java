package io.zapgate.functions.support;

import static io.zapgate.core.config.Env.blankToNull;
import static io.zapgate.core.config.Env.intOf;
import static io.zapgate.core.config.Env.required;
import static io.zapgate.core.config.Env.uri;

import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the functions read from their environment, parsed once. Names are those template.yaml sets;
 * the local stack passes the same names resolved against its own tables and queues.
 *
 * @param encryptionKey the local key ring ({@code ZAPGATE_ENCRYPTION_KEY}), or null; with a KMS key only needed
 *     to read rows sealed before the move to KMS
 * @param adminSecret null disables the admin route
 * @param webhookTimeout the whole webhook exchange (connect, request, full response); {@code
 *     ZAPGATE_WEBHOOK_TIMEOUT_SECONDS}, default 5
 * @param originVerifySecret {@code ZAPGATE_ORIGIN_VERIFY_SECRET}: when set, HTTP requests without the header
 *     CloudFront adds (WAF on) are refused with 403; null (the default) checks nothing
 * @param kmsKeyId the KMS key that seals stored secrets ({@code ZAPGATE_KMS_KEY_ID}), or null for the local
 *     key ring alone
 * @param kmsEndpoint a local or test KMS ({@code ZAPGATE_KMS_ENDPOINT}), or null for the real one
 * @param sessionLeasesTable the session hosts' leases ({@code ZAPGATE_SESSION_LEASES_TABLE}): commands go straight
 *     to the queue of the host holding the instance; null sends every command to the shared queue
 */
public record FunctionConfig(
        String region,
        URI dynamoDbEndpoint,
        URI sqsEndpoint,
        String accountsTable,
        String tokensTable,
        String instancesTable,
        String rateLimitsTable,
        String connectResultsTable,
        String commandQueueUrl,
        String encryptionKey,
        int defaultInstanceQuota,
        String adminSecret,
        RateLimitPolicy rateLimits,
        Log.Level logLevel,
        java.time.Duration connectWait,
        java.time.Duration resultPoll,
        String eventQueueUrl,
        java.time.Duration webhookTimeout,
        java.time.Duration webhookBackoff,
        int webhookMaxAttempts,
        boolean allowPrivateTargets,
        String originVerifySecret,
        String kmsKeyId,
        URI kmsEndpoint,
        String sessionLeasesTable) {

    /** Reads the configuration; a missing required variable fails start-up with its name. */
    public static FunctionConfig from(Map<String, String> env) {
        return new FunctionConfig(
                env.getOrDefault("AWS_REGION", "us-east-1"),
                uri(env.get("ZAPGATE_DYNAMODB_ENDPOINT")),
                uri(env.get("ZAPGATE_SQS_ENDPOINT")),
                required(env, "ZAPGATE_ACCOUNTS_TABLE"),
                required(env, "ZAPGATE_TOKENS_TABLE"),
                required(env, "ZAPGATE_INSTANCES_TABLE"),
                required(env, "ZAPGATE_RATE_LIMITS_TABLE"),
                required(env, "ZAPGATE_CONNECT_RESULTS_TABLE"),
                required(env, "ZAPGATE_COMMAND_QUEUE_URL"),
                secretKeys(env),
                intOf(env, "ZAPGATE_DEFAULT_INSTANCE_QUOTA", 100),
                blankToNull(env.get("ZAPGATE_ADMIN_SECRET")),
                new RateLimitPolicy(
                        intOf(env, "ZAPGATE_RATE_LIMIT_GLOBAL", 100), intOf(env, "ZAPGATE_RATE_LIMIT_CREATE", 20)),
                Log.Level.valueOf(env.getOrDefault("ZAPGATE_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT)),
                java.time.Duration.ofSeconds(intOf(env, "ZAPGATE_CONNECT_WAIT_SECONDS", 25)),
                java.time.Duration.ofMillis(Math.max(1, intOf(env, "ZAPGATE_RESULT_POLL_MS", 200))),
                env.get("ZAPGATE_EVENT_QUEUE_URL"),
                java.time.Duration.ofSeconds(intOf(env, "ZAPGATE_WEBHOOK_TIMEOUT_SECONDS", 5)),
                java.time.Duration.ofSeconds(intOf(env, "ZAPGATE_WEBHOOK_BACKOFF_SECONDS", 10)),
                intOf(env, "ZAPGATE_WEBHOOK_MAX_ATTEMPTS", 4),
                allowPrivateTargets(env),
                blankToNull(env.get("ZAPGATE_ORIGIN_VERIFY_SECRET")),
                blankToNull(env.get("ZAPGATE_KMS_KEY_ID")),
                uri(env.get("ZAPGATE_KMS_ENDPOINT")),
                blankToNull(env.get("ZAPGATE_SESSION_LEASES_TABLE")));
    }

    /**
     * The local key ring ({@code ZAPGATE_ENCRYPTION_KEY}, optional once {@code ZAPGATE_KMS_KEY_ID} is set);
     * neither set fails start-up naming both.
     */
    static String secretKeys(Map<String, String> env) {
        String ring = blankToNull(env.get("ZAPGATE_ENCRYPTION_KEY"));
        if (ring == null && blankToNull(env.get("ZAPGATE_KMS_KEY_ID")) == null) {
            throw new IllegalStateException("missing configuration: environment variable ZAPGATE_KMS_KEY_ID is not set "
                    + "(a KMS key; or ZAPGATE_ENCRYPTION_KEY, a local key ring, to encrypt stored secrets)");
        }
        return ring;
    }

    /** The secret cipher this configuration names (KMS when a key id is set, else the local key ring). */
    public io.zapgate.core.crypto.SecretCipher secretCipher(io.zapgate.aws.AwsClients.Target target) {
        return io.zapgate.aws.SecretCiphers.from(kmsKeyId, encryptionKey, target, kmsEndpoint);
    }

    /**
     * {@code ZAPGATE_ALLOW_PRIVATE_TARGETS=true} lets webhooks reach loopback, private and other special-purpose
     * addresses (local stack and tests only; off by default and in AWS). {@code ZAPGATE_WEBHOOK_ALLOW_PRIVATE}
     * is its former name and still read.
     */
    static boolean allowPrivateTargets(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.get("ZAPGATE_ALLOW_PRIVATE_TARGETS"))
                || "true".equalsIgnoreCase(env.get("ZAPGATE_WEBHOOK_ALLOW_PRIVATE"));
    }

    @Override
    public String toString() {
        return "FunctionConfig[region=" + region + ", instancesTable=" + instancesTable + ", adminRoute="
                + (adminSecret != null) + "]";
    }
}
