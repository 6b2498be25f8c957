package io.zapgate.local;

import io.zapgate.core.log.Log;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ZAPGATE_SESSION_HOSTS=N} (N &gt; 1): N session hosts as separate OS processes, each the ECS task's main
 * class ({@code io.zapgate.sessionhost.SessionHostMain}) on this JVM's java binary and classpath, sharing the
 * local stack's DynamoDB Local and ElasticMQ (their endpoints and the tables/queues come in the environment).
 * Each has its own host id ({@code local-session-host-1..N}), health port, and log file (stdout and stderr) in
 * {@code <work dir>/session-hosts/}. A process that dies stays dead (the launcher logs its exit; the others
 * adopt its sessions once its leases expire). {@link #restart(int)} stops one gracefully (SIGTERM, waits for its
 * exit) and starts a replacement with the same environment under a new host id ({@code local-session-host-i-rN}),
 * as a rolling deploy replaces an ECS task. {@link #close()} sends SIGTERM to every live one and kills those
 * still running after the grace period.
 */
final class LocalHostFleet implements AutoCloseable {
    static final String MAIN = "io.zapgate.sessionhost.SessionHostMain";
    private static final Log LOG = Log.get(LocalHostFleet.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    /** One session host process. */
    record Member(String hostId, Process process, int healthPort, Path log) {
        long pid() {
            return process.pid();
        }

        URI ready() {
            return URI.create("http://127.0.0.1:" + healthPort + "/health/ready");
        }
    }

    /** A member that exited while the fleet was running (never restarted). */
    record Exit(String hostId, long pid, int exitCode) {}

    private final List<Member> members;
    private final Path logDir;
    private final Map<String, String> env;
    private final int healthBasePort;
    private final List<String> jvmOptions;
    private final List<Exit> exits = new CopyOnWriteArrayList<>();
    /** Processes stopped on purpose by {@link #restart}: their exit is no failure. */
    private final java.util.Set<Long> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    private LocalHostFleet(
            List<Member> members, Path logDir, Map<String, String> env, int healthBasePort, List<String> jvmOptions) {
        this.members = new CopyOnWriteArrayList<>(members);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logDir = logDir;
        this.env = Map.copyOf(env);
        this.healthBasePort = healthBasePort;
    }

    /**
     * Starts {@code count} processes and waits (up to a minute) until each answers {@code /health/ready}.
     *
     * @param env the session host environment (the same one the in-process host gets)
     * @param workDir where {@code session-hosts/} goes
     * @param healthBasePort host {@code i} (1-based) listens on {@code base + i - 1}; 0 = free ports
     * @param jvmOptions extra JVM options (space-separated) for every process, or null
     */
    static LocalHostFleet start(int count, Map<String, String> env, Path workDir, int healthBasePort, String jvmOptions)
            throws IOException {
        List<String> options = jvmOptions == null || jvmOptions.isBlank()
                ? List.of()
                : List.of(jvmOptions.trim().split("\\s+"));
        Path logDir = Files.createDirectories(workDir.resolve("session-hosts"));
        List<Member> started = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                int port = healthBasePort == 0 ? freePort() : healthBasePort + i - 1;
                started.add(
                        launch("local-session-host-" + i, env, port, logDir.resolve("host-" + i + ".log"), options));
            }
        } catch (IOException | RuntimeException e) {
            new LocalHostFleet(started, logDir, env, healthBasePort, options).close();
            throw e;
        }
        LocalHostFleet running = new LocalHostFleet(started, logDir, env, healthBasePort, options);
        running.members.forEach(running::watch);
        running.members.forEach(m -> running.awaitReady(m, Duration.ofSeconds(60)));
        return running;
    }

    /**
     * A graceful restart of member {@code index} (0-based, in {@link #members()} order), as a rolling deploy does:
     * SIGTERM (the host closes its sockets, releases its leases and asks the others to adopt them), waits for the
     * process to exit (killed after the grace period), then starts a replacement with the same environment and a
     * new host id and waits until it is ready. The replacement takes the old one's place in {@link #members()}.
     *
     * @return the replacement
     */
    synchronized Member restart(int index) throws IOException {
        Member old = members.get(index);
        retired.add(old.pid());
        old.process().destroy();
        try {
            if (!old.process().waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn(
                        "session host process did not stop in time; killing it",
                        "host",
                        old.hostId(),
                        "pid",
                        old.pid());
                old.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping " + old.hostId(), e);
        }
        int n = restarts.incrementAndGet();
        String hostId = "local-session-host-" + (index + 1) + "-r" + n;
        int port = healthBasePort == 0 ? freePort() : old.healthPort();
        Member next = launch(hostId, env, port, logDir.resolve("host-" + (index + 1) + "-r" + n + ".log"), jvmOptions);
        members.set(index, next);
        watch(next);
        awaitReady(next, Duration.ofSeconds(60));
        return next;
    }

    private static Member launch(String hostId, Map<String, String> env, int port, Path log, List<String> jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("ZAPGATE_HOST_ID", hostId);
        pb.environment().put("ZAPGATE_HEALTH_PORT", Integer.toString(port));
        Process p = pb.start();
        LOG.info("session host process started", "host", hostId, "pid", p.pid(), "healthPort", port, "log", log);
        return new Member(hostId, p, port, log);
    }

    /** Logs the member's exit unless it was stopped on purpose (the launcher restarts nothing by itself). */
    private void watch(Member m) {
        m.process().onExit().thenAccept(p -> {
            if (!stopping && !retired.contains(p.pid())) {
                exits.add(new Exit(m.hostId(), p.pid(), p.exitValue()));
                LOG.warn(
                        "session host process exited; it is not restarted",
                        "host",
                        m.hostId(),
                        "pid",
                        p.pid(),
                        "exitCode",
                        p.exitValue(),
                        "log",
                        m.log());
            }
        });
    }

    private void awaitReady(Member m, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(http, m)) {
            if (!m.process().isAlive() || System.nanoTime() > deadline) {
                LOG.warn("session host process is not ready", "host", m.hostId(), "pid", m.pid(), "log", m.log());
                break;
            }
            try {
                m.process().waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean ready(HttpClient http, Member m) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(m.ready())
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The current members in host order (a restarted one replaced by its successor). */
    List<Member> members() {
        return List.copyOf(members);
    }

    /** The members that exited while the fleet ran, in order. */
    List<Exit> exits() {
        return List.copyOf(exits);
    }

    /** Where the processes' logs are. */
    Path logDir() {
        return logDir;
    }

    /** SIGTERM to every live process (they close their sessions and release leases), then a kill after 30 s. */
    @Override
    public void close() {
        stopping = true;
        for (Member m : members) {
            if (m.process().isAlive()) {
                m.process().destroy();
            }
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Member m : members) {
            try {
                if (!m.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn(
                            "session host process did not stop in time; killing it",
                            "host",
                            m.hostId(),
                            "pid",
                            m.pid());
                    m.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                m.process().destroyForcibly();
            }
        }
    }
}
