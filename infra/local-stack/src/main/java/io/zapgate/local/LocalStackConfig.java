package io.zapgate.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the local stack runs. From the environment ({@code ZAPGATE_*}) and command-line flags, flags winning.
 *
 * @param dataDir null for a throwaway in-memory run
 * @param wsPort  the WebSocket event stream's port: {@code ZAPGATE_WS_PORT}, else the HTTP port + 1 (0 when
 *                the HTTP port is 0: any free port)
 * @param waVersion    {@code ZAPGATE_WA_VERSION}: a fixed WhatsApp Web version, else null (follow WhatsApp)
 * @param waVersionUrl {@code ZAPGATE_WA_VERSION_URL}: where the version is read; null = the real page (or, in
 *                     offline mode, the fake's version page)
 * @param sessionHosts {@code ZAPGATE_SESSION_HOSTS}: 1 (default) = one session host inside this JVM; N &gt; 1 =
 *                     N session host processes ({@link LocalHostFleet})
 * @param healthPort   {@code ZAPGATE_HEALTH_PORT}: with N &gt; 1, host i's health port is this + i - 1 (default
 *                     8081; 0 = free ports)
 * @param leaseTtlSeconds {@code ZAPGATE_LEASE_TTL_SECONDS}: passed on to the session host(s) (how long a lease
 *                     lives without renewal; orphans are swept every third of it); 0 = the host's default (30 s)
 * @param chaos {@code ZAPGATE_CHAOS=true}: passed on to the session host(s), whose health port then serves the
 *     test-only fault switch {@code POST /chaos/dynamodb?fail=true|false} (default off)
 * @param hostJvmOptions {@code ZAPGATE_SESSION_HOST_JVM_OPTIONS}: extra JVM options (space-separated) for the session
 *     host processes; when set, a single host ({@code ZAPGATE_SESSION_HOSTS=1}) runs as a process too, so that its
 *     heap can be measured alone (the density bench); null = none
 */
public record LocalStackConfig(
        String bindAddress,
        int port,
        Path dataDir,
        String accountToken,
        String encryptionKey,
        String adminSecret,
        int instanceQuota,
        String logLevel,
        int rateLimitGlobal,
        int rateLimitCreate,
        int webhookBackoffSeconds,
        int wsPort,
        boolean sessionHost,
        boolean fakeWhatsApp,
        int fakeControlPort,
        String waUrl,
        String waRootKey,
        String waVersion,
        String waVersionUrl,
        int sessionHosts,
        int healthPort,
        int leaseTtlSeconds,
        boolean chaos,
        String hostJvmOptions) {

    public static final int DEFAULT_PORT = 8080;

    public static LocalStackConfig from(Map<String, String> env, String[] args) {
        String bind = env.getOrDefault("ZAPGATE_BIND", "127.0.0.1");
        int port = parsePort(env.getOrDefault("ZAPGATE_PORT", Integer.toString(DEFAULT_PORT)), "ZAPGATE_PORT");
        Path data = Path.of(env.getOrDefault("ZAPGATE_DATA_DIR", ".zapgate"));
        boolean inMemory = "1".equals(env.get("ZAPGATE_IN_MEMORY")) || "true".equals(env.get("ZAPGATE_IN_MEMORY"));
        boolean fakeWa = flag(env, "ZAPGATE_FAKE_WA");
        boolean sessionHost = !"0".equals(env.get("ZAPGATE_SESSION_HOST"))
                && !"false".equalsIgnoreCase(env.get("ZAPGATE_SESSION_HOST"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-memory" -> inMemory = true;
                case "--fake-whatsapp" -> fakeWa = true;
                case "--no-session-host" -> sessionHost = false;
                case "--port" -> port = parsePort(value(args, ++i, "--port"), "--port");
                case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
                case "--bind" -> bind = value(args, ++i, "--bind");
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --in-memory, --port N, --data-dir DIR, --bind ADDRESS, --fake-whatsapp, "
                            + "--no-session-host)");
            }
        }
        return new LocalStackConfig(
                bind,
                port,
                inMemory ? null : data,
                blank(env.get("ZAPGATE_ACCOUNT_TOKEN")),
                blank(env.get("ZAPGATE_ENCRYPTION_KEY")),
                blank(env.get("ZAPGATE_ADMIN_SECRET")),
                whole(env, "ZAPGATE_INSTANCE_QUOTA", 100),
                env.getOrDefault("ZAPGATE_LOG_LEVEL", "INFO"),
                whole(env, "ZAPGATE_RATE_LIMIT_GLOBAL", 100),
                whole(env, "ZAPGATE_RATE_LIMIT_CREATE", 20),
                whole(env, "ZAPGATE_WEBHOOK_BACKOFF_SECONDS", 10),
                env.get("ZAPGATE_WS_PORT") != null
                        ? parsePort(env.get("ZAPGATE_WS_PORT"), "ZAPGATE_WS_PORT")
                        : port == 0 ? 0 : Math.min(port + 1, 65535),
                sessionHost,
                fakeWa,
                parsePort(env.getOrDefault("ZAPGATE_FAKE_WA_CONTROL_PORT", "8090"), "ZAPGATE_FAKE_WA_CONTROL_PORT"),
                blank(env.get("ZAPGATE_WA_URL")),
                blank(env.get("ZAPGATE_WA_ROOT_KEY")),
                blank(env.get("ZAPGATE_WA_VERSION")),
                blank(env.get("ZAPGATE_WA_VERSION_URL")),
                sessionHosts(env),
                parsePort(env.getOrDefault("ZAPGATE_HEALTH_PORT", "8081"), "ZAPGATE_HEALTH_PORT"),
                whole(env, "ZAPGATE_LEASE_TTL_SECONDS", 0),
                "true".equalsIgnoreCase(env.getOrDefault("ZAPGATE_CHAOS", "").trim()),
                blank(env.get("ZAPGATE_SESSION_HOST_JVM_OPTIONS")));
    }

    /** Whether the session host(s) run as separate processes ({@link LocalHostFleet}) rather than in this JVM. */
    public boolean hostProcesses() {
        return sessionHosts > 1 || hostJvmOptions != null;
    }

    private static int sessionHosts(Map<String, String> env) {
        int n = whole(env, "ZAPGATE_SESSION_HOSTS", 1);
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException("ZAPGATE_SESSION_HOSTS must be between 1 and 16, got " + n);
        }
        return n;
    }

    private static int whole(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        try {
            int n = v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean flag(Map<String, String> env, String name) {
        String v = env.get(name);
        return "1".equals(v) || "true".equalsIgnoreCase(v);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s, String name) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), got '" + s + "'");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "LocalStackConfig[bind=" + bindAddress + ", port=" + port + ", dataDir=" + dataDir + "]";
    }
}
