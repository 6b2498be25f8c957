package io.zapgate.sessionhost;

import static io.zapgate.core.config.Env.blankToNull;
import static io.zapgate.core.config.Env.intOf;
import static io.zapgate.core.config.Env.required;
import static io.zapgate.core.config.Env.uri;

import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.session.Resumer;
import io.zapgate.wa.client.AppVersionProvider;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the session host reads from its environment, parsed once. Table and queue variables have the
 * names template.yaml's Globals give the functions; the local stack passes the same names resolved against
 * its own tables and queues, plus the endpoints of DynamoDB Local and ElasticMQ.
 *
 * @param dynamoDbEndpoint null for the real AWS ({@code ZAPGATE_DYNAMODB_ENDPOINT} for a local one)
 * @param sqsEndpoint null for the real AWS ({@code ZAPGATE_SQS_ENDPOINT})
 * @param encryptionKey the local key ring ({@code ZAPGATE_ENCRYPTION_KEY}: AES-256 keys, base64 or hex), or null
 *     when a KMS key seals (then only needed to read rows sealed before the move to KMS); never printed
 * @param streamQueueUrl the WebSocket stream's event queue ({@code ZAPGATE_STREAM_QUEUE_URL}), or null
 * @param waUrl WhatsApp's WebSocket ({@code ZAPGATE_WA_URL}, default {@code wss://web.whatsapp.com/ws/chat})
 * @param waRootKey the Noise root public key to trust, 64 hex characters ({@code ZAPGATE_WA_ROOT_KEY}); null =
 *     WhatsApp's real root
 * @param waRootSerial the root's serial ({@code ZAPGATE_WA_ROOT_SERIAL}, default 0)
 * @param hostId who this host is in the leases table ({@code ZAPGATE_HOST_ID}, default hostname + random)
 * @param commandWaitSeconds long-poll wait of the command queue, 1..20 ({@code ZAPGATE_COMMAND_WAIT_SECONDS})
 * @param leaseTtl how long a lease lives without renewal ({@code ZAPGATE_LEASE_TTL_SECONDS}, default 30: a
 *     dead host's sessions are adopted within TTL + a sweep (TTL/3) ≈ 40 s)
 * @param waVersion a fixed WhatsApp Web version {@code 2.3000.N} ({@code ZAPGATE_WA_VERSION}); null = follow
 *     WhatsApp's current version
 * @param waVersionUrl where the current version is read ({@code ZAPGATE_WA_VERSION_URL}); null = the real web
 *     client's page, {@code off} = never fetch (built-in version)
 * @param allowPrivateTargets whether instance proxies may be on loopback, private, link-local or other
 *     special-purpose addresses ({@code ZAPGATE_ALLOW_PRIVATE_TARGETS=true}: local stack and tests only; off by
 *     default and in AWS)
 * @param kmsKeyId the KMS key that seals stored secrets ({@code ZAPGATE_KMS_KEY_ID}), or null
 * @param kmsEndpoint a local or test KMS ({@code ZAPGATE_KMS_ENDPOINT}), or null for the real one
 * @param resume how saved sessions are resumed at start-up and adopted: {@code ZAPGATE_RESUME_CONCURRENCY}
 *     (default 16), {@code ZAPGATE_RESUME_BACKOFF_BASE_SECONDS} (2), {@code ZAPGATE_RESUME_BACKOFF_CAP_SECONDS}
 *     (300), {@code ZAPGATE_RESUME_JITTER_SECONDS} (1); see {@link Resumer}
 * @param leaseSkew clock-skew budget ({@code ZAPGATE_LEASE_SKEW_SECONDS}, default 5, at most half the lease TTL):
 *     a host whose lease renewal has not succeeded by {@code expiresAt - leaseSkew} closes the socket, so it is
 *     closed before another host may take the lease as long as clocks differ by less than this (docs/fleet.md)
 * @param legacyResumeScan {@code ZAPGATE_LEGACY_RESUME_SCAN=true}: at start-up also resume every instance the
 *     instances table says was live (one Scan), for the first deploy of this version only: lease rows written
 *     by earlier versions are on no shard, so the sweep cannot find them (docs/fleet.md, "Upgrading")
 * @param hostQueuePrefix the prefix of this host's own command queue ({@code ZAPGATE_HOST_QUEUE_PREFIX}); null =
 *     the shared command queue's name without {@code .fifo} (see {@link #hostQueueName()})
 */
public record SessionHostConfig(
        String region,
        URI dynamoDbEndpoint,
        URI sqsEndpoint,
        String instancesTable,
        String connectResultsTable,
        String sessionsTable,
        String sessionLeasesTable,
        String commandQueueUrl,
        String eventQueueUrl,
        String streamQueueUrl,
        String encryptionKey,
        URI waUrl,
        String waRootKey,
        int waRootSerial,
        String hostId,
        int commandWaitSeconds,
        Duration leaseTtl,
        Log.Level logLevel,
        String waVersion,
        String waVersionUrl,
        boolean allowPrivateTargets,
        String kmsKeyId,
        URI kmsEndpoint,
        Resumer.Policy resume,
        Duration leaseSkew,
        boolean legacyResumeScan,
        String hostQueuePrefix) {
    public static final URI WHATSAPP_URL = URI.create("wss://web.whatsapp.com/ws/chat");

    /** Reads the configuration; a missing or malformed variable fails start-up with its name. */
    public static SessionHostConfig from(Map<String, String> env) {
        String rootKey = blankToNull(env.get("ZAPGATE_WA_ROOT_KEY"));
        return new SessionHostConfig(
                        env.getOrDefault("AWS_REGION", "us-east-1"),
                        uri(env.get("ZAPGATE_DYNAMODB_ENDPOINT")),
                        uri(env.get("ZAPGATE_SQS_ENDPOINT")),
                        required(env, "ZAPGATE_INSTANCES_TABLE"),
                        required(env, "ZAPGATE_CONNECT_RESULTS_TABLE"),
                        required(env, "ZAPGATE_SESSIONS_TABLE"),
                        required(env, "ZAPGATE_SESSION_LEASES_TABLE"),
                        required(env, "ZAPGATE_COMMAND_QUEUE_URL"),
                        required(env, "ZAPGATE_EVENT_QUEUE_URL"),
                        blankToNull(env.get("ZAPGATE_STREAM_QUEUE_URL")),
                        secretKeys(env),
                        env.containsKey("ZAPGATE_WA_URL")
                                        && !env.get("ZAPGATE_WA_URL").isBlank()
                                ? URI.create(env.get("ZAPGATE_WA_URL").trim())
                                : WHATSAPP_URL,
                        rootKey == null ? null : rootKey(rootKey),
                        intOf(env, "ZAPGATE_WA_ROOT_SERIAL", 0),
                        env.getOrDefault("ZAPGATE_HOST_ID", defaultHostId(env)),
                        intOf(env, "ZAPGATE_COMMAND_WAIT_SECONDS", 20),
                        Duration.ofSeconds(intOf(env, "ZAPGATE_LEASE_TTL_SECONDS", 30)),
                        Log.Level.valueOf(
                                env.getOrDefault("ZAPGATE_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT)),
                        blankToNull(env.get("ZAPGATE_WA_VERSION")),
                        blankToNull(env.get("ZAPGATE_WA_VERSION_URL")),
                        "true".equalsIgnoreCase(env.get("ZAPGATE_ALLOW_PRIVATE_TARGETS")),
                        blankToNull(env.get("ZAPGATE_KMS_KEY_ID")),
                        uri(env.get("ZAPGATE_KMS_ENDPOINT")),
                        resumePolicy(env),
                        Duration.ofSeconds(intOf(env, "ZAPGATE_LEASE_SKEW_SECONDS", 5)),
                        "true".equalsIgnoreCase(env.get("ZAPGATE_LEGACY_RESUME_SCAN")),
                        blankToNull(env.get("ZAPGATE_HOST_QUEUE_PREFIX")))
                .checkedVersions()
                .checkedSkew();
    }

    /** As the canonical constructor with the default clock-skew budget (5 s). */
    public SessionHostConfig(
            String region,
            URI dynamoDbEndpoint,
            URI sqsEndpoint,
            String instancesTable,
            String connectResultsTable,
            String sessionsTable,
            String sessionLeasesTable,
            String commandQueueUrl,
            String eventQueueUrl,
            String streamQueueUrl,
            String encryptionKey,
            URI waUrl,
            String waRootKey,
            int waRootSerial,
            String hostId,
            int commandWaitSeconds,
            Duration leaseTtl,
            Log.Level logLevel,
            String waVersion,
            String waVersionUrl,
            boolean allowPrivateTargets) {
        this(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                null,
                null,
                Resumer.Policy.DEFAULTS,
                Duration.ofSeconds(Math.min(5, leaseTtl.toSeconds() / 2)),
                false);
    }

    /** As the canonical constructor with the default clock-skew budget and no legacy resume scan. */
    public SessionHostConfig(
            String region,
            URI dynamoDbEndpoint,
            URI sqsEndpoint,
            String instancesTable,
            String connectResultsTable,
            String sessionsTable,
            String sessionLeasesTable,
            String commandQueueUrl,
            String eventQueueUrl,
            String streamQueueUrl,
            String encryptionKey,
            URI waUrl,
            String waRootKey,
            int waRootSerial,
            String hostId,
            int commandWaitSeconds,
            Duration leaseTtl,
            Log.Level logLevel,
            String waVersion,
            String waVersionUrl,
            boolean allowPrivateTargets,
            String kmsKeyId,
            URI kmsEndpoint,
            Resumer.Policy resume) {
        this(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                resume,
                Duration.ofSeconds(Math.min(5, leaseTtl.toSeconds() / 2)),
                false);
    }

    /** As the canonical constructor with the host queue prefix derived from the command queue's name. */
    public SessionHostConfig(
            String region,
            URI dynamoDbEndpoint,
            URI sqsEndpoint,
            String instancesTable,
            String connectResultsTable,
            String sessionsTable,
            String sessionLeasesTable,
            String commandQueueUrl,
            String eventQueueUrl,
            String streamQueueUrl,
            String encryptionKey,
            URI waUrl,
            String waRootKey,
            int waRootSerial,
            String hostId,
            int commandWaitSeconds,
            Duration leaseTtl,
            Log.Level logLevel,
            String waVersion,
            String waVersionUrl,
            boolean allowPrivateTargets,
            String kmsKeyId,
            URI kmsEndpoint,
            Resumer.Policy resume,
            Duration leaseSkew,
            boolean legacyResumeScan) {
        this(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                resume,
                leaseSkew,
                legacyResumeScan,
                null);
    }

    /**
     * The name of this host's own FIFO command queue: {@code <prefix>-host-<hostId>.fifo}, the host id reduced to
     * the characters SQS allows and the whole cut to SQS's 80 characters. The prefix is {@code
     * ZAPGATE_HOST_QUEUE_PREFIX}, by default the shared command queue's name without {@code .fifo}.
     */
    public String hostQueueName() {
        String prefix = hostQueuePrefix;
        if (prefix == null) {
            String name = commandQueueUrl.substring(commandQueueUrl.lastIndexOf('/') + 1);
            prefix = name.endsWith(".fifo") ? name.substring(0, name.length() - 5) : name;
        }
        String base = prefix + "-host-" + hostId.replaceAll("[^A-Za-z0-9_-]", "-");
        return (base.length() > 75 ? base.substring(0, 75) : base) + ".fifo";
    }

    /** Fails start-up when the clock-skew budget is not between 0 and half the lease TTL. */
    private SessionHostConfig checkedSkew() {
        if (leaseSkew.isNegative() || leaseSkew.compareTo(leaseTtl.dividedBy(2)) > 0) {
            throw new IllegalStateException(
                    "bad configuration: ZAPGATE_LEASE_SKEW_SECONDS must be between 0 and half ZAPGATE_LEASE_TTL_SECONDS");
        }
        return this;
    }

    private static String secretKeys(Map<String, String> env) {
        String ring = blankToNull(env.get("ZAPGATE_ENCRYPTION_KEY"));
        if (ring == null && blankToNull(env.get("ZAPGATE_KMS_KEY_ID")) == null) {
            throw new IllegalStateException("missing configuration: environment variable ZAPGATE_KMS_KEY_ID is not set "
                    + "(a KMS key; or ZAPGATE_ENCRYPTION_KEY, a local key ring, to encrypt stored secrets)");
        }
        return ring;
    }

    private static Resumer.Policy resumePolicy(Map<String, String> env) {
        Resumer.Policy d = Resumer.Policy.DEFAULTS;
        int concurrency = intOf(env, "ZAPGATE_RESUME_CONCURRENCY", d.concurrency());
        if (concurrency < 1) {
            throw new IllegalStateException("bad configuration: ZAPGATE_RESUME_CONCURRENCY must be at least 1");
        }
        return new Resumer.Policy(
                concurrency,
                Duration.ofSeconds(intOf(env, "ZAPGATE_RESUME_JITTER_SECONDS", (int)
                        d.startJitter().toSeconds())),
                Duration.ofSeconds(intOf(env, "ZAPGATE_RESUME_BACKOFF_BASE_SECONDS", (int)
                        d.backoffBase().toSeconds())),
                Duration.ofSeconds(intOf(env, "ZAPGATE_RESUME_BACKOFF_CAP_SECONDS", (int)
                        d.backoffCap().toSeconds())),
                d.handshakeTimeout());
    }

    /** Fails start-up on a malformed {@code ZAPGATE_WA_VERSION} or {@code ZAPGATE_WA_VERSION_URL}, naming it. */
    private SessionHostConfig checkedVersions() {
        try {
            AppVersionProvider.fromConfig(waVersion, waVersion != null ? null : waVersionUrl)
                    .close();
        } catch (IllegalArgumentException e) {
            String name = waVersion != null ? "ZAPGATE_WA_VERSION (want 2.3000.N)" : "ZAPGATE_WA_VERSION_URL";
            throw new IllegalStateException("bad configuration: " + name + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The app version provider these settings describe (not started). */
    public AppVersionProvider versions() {
        return AppVersionProvider.fromConfig(waVersion, waVersionUrl);
    }

    private static String rootKey(String hex) {
        try {
            byte[] key = HexFormat.of().parseHex(hex.trim());
            if (key.length != 32) {
                throw new IllegalArgumentException("length " + key.length);
            }
            return hex.trim();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bad configuration: ZAPGATE_WA_ROOT_KEY must be 64 hex characters", e);
        }
    }

    private static String defaultHostId(Map<String, String> env) {
        String host = blankToNull(env.get("HOSTNAME"));
        return (host == null ? "session-host" : host) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The trusted Noise root public key, or null for WhatsApp's own. */
    public byte[] waRootKeyBytes() {
        return waRootKey == null ? null : HexFormat.of().parseHex(waRootKey);
    }

    /** Where events go: the webhook queue, and the WebSocket stream queue when there is one. */
    public java.util.List<String> eventQueueUrls() {
        return streamQueueUrl == null
                ? java.util.List.of(eventQueueUrl)
                : java.util.List.of(eventQueueUrl, streamQueueUrl);
    }

    /** A copy with another resume policy. */
    public SessionHostConfig withResume(Resumer.Policy policy) {
        return new SessionHostConfig(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                policy,
                leaseSkew,
                legacyResumeScan,
                hostQueuePrefix);
    }

    /** A copy with another host id (e.g. two hosts in one JVM). */
    public SessionHostConfig withHostId(String id) {
        return new SessionHostConfig(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                id,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                resume,
                leaseSkew,
                legacyResumeScan,
                hostQueuePrefix);
    }

    /** A copy with another lease TTL and clock-skew budget (tests with short leases). */
    public SessionHostConfig withLease(Duration ttl, Duration skew) {
        return new SessionHostConfig(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                ttl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                resume,
                skew,
                legacyResumeScan,
                hostQueuePrefix);
    }

    /** A copy that resumes from the instances table at start too (the upgrade deploy; tests). */
    public SessionHostConfig withLegacyResumeScan() {
        return new SessionHostConfig(
                region,
                dynamoDbEndpoint,
                sqsEndpoint,
                instancesTable,
                connectResultsTable,
                sessionsTable,
                sessionLeasesTable,
                commandQueueUrl,
                eventQueueUrl,
                streamQueueUrl,
                encryptionKey,
                waUrl,
                waRootKey,
                waRootSerial,
                hostId,
                commandWaitSeconds,
                leaseTtl,
                logLevel,
                waVersion,
                waVersionUrl,
                allowPrivateTargets,
                kmsKeyId,
                kmsEndpoint,
                resume,
                leaseSkew,
                true,
                hostQueuePrefix);
    }

    @Override
    public String toString() {
        return "SessionHostConfig[region=" + region + ", hostId=" + hostId + ", waUrl=" + waUrl + ", testRoot="
                + (waRootKey != null) + ", waVersion="
                + (waVersion != null
                        ? waVersion
                        : "follow " + (waVersionUrl != null ? waVersionUrl : "web.whatsapp.com"))
                + ", local=" + (dynamoDbEndpoint != null) + "]";
    }
}
