package io.zapgate.sessionhost;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbCommandResultSink;
import io.zapgate.aws.DynamoDbConnectionStates;
import io.zapgate.aws.DynamoDbInstanceRepository;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.aws.SqsEventPublisher;
import io.zapgate.aws.TableNames;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.fleet.FairShare;
import io.zapgate.sessionhost.fleet.HostJanitor;
import io.zapgate.sessionhost.ops.HealthServer;
import io.zapgate.sessionhost.ops.HostHealth;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.sessionhost.ops.OpsConfig;
import io.zapgate.sessionhost.queue.CommandRouter;
import io.zapgate.sessionhost.queue.HostQueues;
import io.zapgate.sessionhost.queue.SqsCommandConsumer;
import io.zapgate.sessionhost.session.CommandHandler;
import io.zapgate.sessionhost.session.Resumer;
import io.zapgate.sessionhost.session.SessionClientFactory;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.sessionhost.session.SessionSupervisor;
import io.zapgate.sessionhost.session.WaSessionClients;
import io.zapgate.sessionhost.store.DynamoDbSavedSessions;
import io.zapgate.sessionhost.store.SessionsTable;
import io.zapgate.wa.client.AppVersionProvider;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.noise.CertificateVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The session host's composition root: SDK clients, adapters, supervisor and command consumer, built once
 * from a {@link SessionHostConfig}. {@link #start()} resumes every saved session that was live (in the
 * background, paced and retried by a {@link Resumer}), polls
 * the command queue, renews leases and, every third of the lease TTL, adopts sessions no live host holds (a host that
 * stopped during a rolling deploy, or died); {@link #close()} stops polling, closes every socket without logout
 * (recording {@code host_shutdown}) and releases the leases. The local stack runs it in-process the same way.
 */
public final class SessionHost implements AutoCloseable {
    private static final Log LOG = Log.get(SessionHost.class);
    private final SessionPorts ports;
    private final SessionSupervisor supervisor;
    private final CommandHandler handler;
    private final SqsCommandConsumer consumer;
    /** This host's own command queue (other hosts forward its instances' commands there), or null. */
    private final String hostQueueUrl;
    /** Polls {@link #hostQueueUrl}; null when there is none. */
    private final SqsCommandConsumer hostConsumer;

    private final SqsClient sqs;
    private final String commandQueueUrl;

    private final Resumer resumer;
    private final List<AutoCloseable> owned;
    private final long renewMillis;
    private final Duration leaseTtl;
    /** The janitor runs at one sweep in this many. */
    static final int JANITOR_EVERY = 4;

    private final HostJanitor janitor;
    private volatile FairShare.Policy balance = FairShare.Policy.DEFAULT;
    /** Sweeps done (the start-up sweep included); only the sweep thread touches it after start. */
    private int sweepsDone;
    /** The sweep that last handed sessions off. */
    private int lastHandOff = -2;
    /** How often the host looks for sessions nobody holds (rolling deploys, dead hosts): half a lease. */
    private final long adoptMillis;
    /** Also resume from the instances table at start (the upgrade from lease rows without shards). */
    private final boolean legacyResumeScan;

    private final CountDownLatch closed = new CountDownLatch(1);
    private final HostHealth health;
    private volatile HostMetrics metrics = HostMetrics.NONE;
    private HealthServer healthServer;
    /** The test-only fault switch ({@code ZAPGATE_CHAOS}), or null. */
    private io.zapgate.sessionhost.ops.Chaos chaos;

    private ScheduledExecutorService renewals;
    private ScheduledExecutorService sweeps;
    private ScheduledExecutorService fences;
    private boolean started;
    /** The WhatsApp Web version every client presents (null in tests that bring their own clients). */
    private AppVersionProvider versions;

    /** Real adapters on DynamoDB and SQS (endpoints from the configuration), real WhatsApp clients. */
    public SessionHost(SessionHostConfig config, Clock clock) {
        this(config, clock, null);
    }

    /**
     * As above; with {@code chaos} (test only, {@code ZAPGATE_CHAOS}) every DynamoDB call goes through its switch,
     * which {@link #startOps} serves on the health port.
     */
    public SessionHost(SessionHostConfig config, Clock clock, io.zapgate.sessionhost.ops.Chaos chaos) {
        this(
                config,
                clock,
                // every call bounded: a lease renewal fails in time (then self-fencing decides), never hangs
                AwsClients.dynamoDb(
                        target(config),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        chaos == null ? List.of() : List.of(chaos)),
                // the attempt outlasts the 20 s long poll
                AwsClients.sqs(target(config), Duration.ofSeconds(25), Duration.ofSeconds(60)),
                true);
        this.chaos = chaos;
    }

    /** As above on SDK clients the caller owns (and closes), e.g. the local stack's. */
    public SessionHost(SessionHostConfig config, Clock clock, DynamoDbClient dynamo, SqsClient sqs) {
        this(config, clock, dynamo, sqs, false);
    }

    private SessionHost(SessionHostConfig c, Clock clock, DynamoDbClient dynamo, SqsClient sqs, boolean own) {
        this(c, clock, dynamo, sqs, own, c.versions(), hostQueue(c, sqs));
    }

    /**
     * Creates this host's own command queue; if SQS refuses or cannot be reached, the host runs without one
     * (logged): other hosts then handle its instances' commands as before routing (they fail for held instances).
     */
    private static String hostQueue(SessionHostConfig c, SqsClient sqs) {
        try {
            return HostQueues.create(sqs, c.hostQueueName(), c.commandQueueUrl());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            LOG.warn("own command queue not created; commands for this host's instances are not routed", e);
            return null;
        }
    }

    private SessionHost(
            SessionHostConfig c,
            Clock clock,
            DynamoDbClient dynamo,
            SqsClient sqs,
            boolean own,
            AppVersionProvider versions,
            String hostQueueUrl) {
        this(
                c,
                ports(c, clock, dynamo, sqs, hostQueueUrl),
                clients(c, clock, versions),
                sqs,
                own ? List.of(versions, dynamo, sqs) : List.of(versions),
                hostQueueUrl);
        this.versions = versions;
    }

    /**
     * With any ports and client factory (tests); the command queue is still read from {@code sqs}, and the host
     * has no queue of its own (commands for instances other hosts hold are still forwarded to theirs).
     */
    SessionHost(
            SessionHostConfig c,
            SessionPorts ports,
            SessionClientFactory clients,
            SqsClient sqs,
            List<AutoCloseable> owned) {
        this(c, ports, clients, sqs, owned, null);
    }

    private SessionHost(
            SessionHostConfig c,
            SessionPorts ports,
            SessionClientFactory clients,
            SqsClient sqs,
            List<AutoCloseable> owned,
            String hostQueueUrl) {
        this.ports = ports;
        this.supervisor = new SessionSupervisor(ports, clients, c.hostId(), c.leaseTtl(), c.leaseSkew());
        this.handler = new CommandHandler(supervisor, ports);
        this.sqs = sqs;
        this.commandQueueUrl = c.commandQueueUrl();
        this.hostQueueUrl = hostQueueUrl;
        CommandRouter router = new CommandRouter(sqs, ports.leases(), c.hostId(), ports.clock(), handler::handle);
        this.consumer = new SqsCommandConsumer(
                sqs,
                c.commandQueueUrl(),
                router,
                c.commandWaitSeconds(),
                SqsCommandConsumer.DEFAULT_VISIBILITY,
                "command");
        this.hostConsumer = hostQueueUrl == null
                ? null
                : new SqsCommandConsumer(
                        sqs,
                        hostQueueUrl,
                        router,
                        c.commandWaitSeconds(),
                        SqsCommandConsumer.DEFAULT_VISIBILITY,
                        "host-command");
        this.resumer = new Resumer(handler, supervisor, ports, c.resume(), new java.util.Random());
        // a stopping host's Adopt requests go through the resumer: paced, bounded, retried like a sweep's
        handler.adoptThrough(i -> resumer.resumeAll(List.of(i)));
        this.owned = owned;
        this.renewMillis = Math.max(1000, c.leaseTtl().toMillis() / 3);
        this.leaseTtl = c.leaseTtl();
        // a heartbeat expired for 3 TTLs: its host missed 9 heartbeats and self-fenced every session long ago
        this.janitor = new HostJanitor(
                sqs,
                ports.leases(),
                c.commandQueueUrl(),
                c.hostId(),
                ports.clock(),
                c.leaseTtl().multipliedBy(3));
        // sweep every third of the TTL: a dead host's sessions are back within TTL + TTL/3 (+ jitter and a login)
        this.adoptMillis = Math.max(1000, c.leaseTtl().toMillis() / 3);
        this.legacyResumeScan = c.legacyResumeScan();
        this.health = health(c, ports, sqs, renewMillis);
    }

    /** Live: a renewal round finished within 3 periods. Ready: also a lease read and a queue read answer in 2 s. */
    private static HostHealth health(SessionHostConfig c, SessionPorts ports, SqsClient sqs, long renewMillis) {
        return new HostHealth(
                ports.clock(),
                java.time.Duration.ofMillis(renewMillis),
                3,
                List.of(
                        new HostHealth.Check("dynamodb", () -> ports.leases().current("zapgate-health-probe")),
                        new HostHealth.Check(
                                "sqs",
                                () -> sqs.getQueueAttributes(b -> b.queueUrl(c.commandQueueUrl())
                                        .attributeNames(
                                                software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                                        .APPROXIMATE_NUMBER_OF_MESSAGES)))),
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5));
    }

    /**
     * Starts the operations side: EMF metrics on {@code out} every {@code ops.metricsInterval()} (0 = none) and
     * the health endpoints on {@code ops.healthPort()} (-1 = none). Call before or after {@link #start()}.
     */
    public synchronized void startOps(OpsConfig ops, java.io.PrintStream out) throws java.io.IOException {
        if (!ops.metricsInterval().isZero() && metrics == HostMetrics.NONE) {
            HostMetrics m = new HostMetrics(ops.metricsService(), hostId(), supervisor::size, out, ports.clock());
            supervisor.metrics(m);
            consumer.metrics(m);
            if (hostConsumer != null) {
                hostConsumer.metrics(m);
            }
            handler.metrics(m);
            if (ports.events() instanceof TappedEventPublisher tap) {
                tap.addListener(e -> {
                    if (e.state() == io.zapgate.core.instance.InstanceState.CONNECTED
                            && e.previous() != io.zapgate.core.instance.InstanceState.CONNECTED) {
                        m.count(HostMetrics.Counter.LOGINS);
                    }
                });
            }
            m.startFlushing(ops.metricsInterval());
            metrics = m;
        }
        if (ops.healthPort() >= 0 && healthServer == null) {
            healthServer = HealthServer.start(ops.healthPort(), health);
            if (chaos != null) {
                healthServer.route(io.zapgate.sessionhost.ops.Chaos.PATH, chaos);
            }
            LOG.info("health endpoints listening", "port", healthServer.port());
        }
    }

    private static AwsClients.Target target(SessionHostConfig c) {
        return c.dynamoDbEndpoint() == null
                ? AwsClients.Target.real(c.region())
                : new AwsClients.Target(c.region(), c.dynamoDbEndpoint(), c.sqsEndpoint(), "local", "local");
    }

    static SessionPorts ports(SessionHostConfig c, Clock clock, DynamoDbClient dynamo, SqsClient sqs) {
        return ports(c, clock, dynamo, sqs, null);
    }

    /** As above; the leases this host acquires name {@code hostQueueUrl} (null: none). */
    static SessionPorts ports(
            SessionHostConfig c, Clock clock, DynamoDbClient dynamo, SqsClient sqs, String hostQueueUrl) {
        io.zapgate.core.crypto.SecretCipher cipher =
                io.zapgate.aws.SecretCiphers.from(c.kmsKeyId(), c.encryptionKey(), target(c), c.kmsEndpoint());
        var instances = new DynamoDbInstanceRepository(
                dynamo, new TableNames("-", "-", c.instancesTable(), "-", c.connectResultsTable()), cipher);
        var states = new DynamoDbConnectionStates(dynamo, c.instancesTable(), cipher);
        return new SessionPorts(
                instances,
                states,
                new DynamoDbCommandResultSink(dynamo, c.connectResultsTable(), c.sessionLeasesTable()),
                new TappedEventPublisher(new SqsEventPublisher(sqs, c.eventQueueUrls())),
                new DynamoDbSessionLeases(dynamo, c.sessionLeasesTable(), clock, hostQueueUrl),
                new DynamoDbSavedSessions(new SessionsTable(dynamo, c.sessionsTable(), cipher, clock)),
                clock);
    }

    static SessionClientFactory clients(SessionHostConfig c, Clock clock, AppVersionProvider versions) {
        CertificateVerifier trust = c.waRootKey() == null
                ? CertificateVerifier.whatsApp(clock)
                : CertificateVerifier.trusting(c.waRootKeyBytes(), c.waRootSerial(), clock);
        return new WaSessionClients(
                () -> WaClientOptions.builder()
                        .url(c.waUrl())
                        .certificateValidator(trust)
                        .clock(clock)
                        .versions(versions),
                new io.zapgate.core.net.GuardedResolver(c.allowPrivateTargets()));
    }

    /** Resumes the saved sessions that were live, then starts polling commands and renewing leases. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("session host already started");
        }
        started = true;
        startVersions();
        heartbeat();
        // the sessions left by hosts that stopped (this one's previous run included) are orphans on the leases
        // table's shards: the first sweep finds them; the resumer paces and retries them in the background
        // while commands are served
        int resumed = adoptOrphans();
        if (legacyResumeScan) {
            resumed += legacyResume();
        }
        consumer.start();
        if (hostConsumer != null) {
            hostConsumer.start();
        }
        renewals = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("lease-renewal").unstarted(r));
        renewals.scheduleAtFixedRate(this::renewRound, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        // self-fencing needs no I/O and must not wait for a renewal round stuck on a slow call: its own thread
        fences = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("lease-fence").unstarted(r));
        fences.scheduleAtFixedRate(supervisor::fenceLapsed, 200, 200, TimeUnit.MILLISECONDS);
        // its own thread: a long sweep (after a host died) must never delay this host's lease renewals
        sweeps = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("orphan-sweep").unstarted(r));
        sweeps.scheduleWithFixedDelay(this::sweep, adoptMillis, adoptMillis, TimeUnit.MILLISECONDS);
        LOG.info("session host started", "host", supervisor.hostId(), "resumed", resumed);
    }

    /** One renewal round; its end is what the liveness check watches (an exception must not end the loop). */
    private void renewRound() {
        try {
            heartbeat();
            supervisor.renewLeases();
        } catch (RuntimeException e) {
            LOG.warn("lease renewal round failed; next round retries", e);
        } finally {
            health.roundFinished();
        }
    }

    /**
     * Writes this host's heartbeat row ({@code host#<id>}: alive for a lease TTL, its queue, its session count),
     * which the other hosts' fair share and janitor read. A failure is logged; the next round retries.
     */
    private void heartbeat() {
        try {
            ports.leases()
                    .heartbeat(supervisor.hostId(), hostQueueUrl, supervisor.size() + resumer.pending(), leaseTtl);
        } catch (RuntimeException e) {
            LOG.warn("heartbeat not written; next round retries", e);
        }
    }

    /**
     * The pre-fleet start-up: resumes every instance the instances table (one Scan) says was live. Only for the
     * first deploy over lease rows that earlier versions wrote without a shard; each session it opens puts its
     * lease on a shard, so later sweeps find it.
     */
    private int legacyResume() {
        int scheduled = 0;
        try {
            scheduled = resumer.resumeAll(ports.states().resumable());
        } catch (RuntimeException e) {
            LOG.warn("legacy resume scan failed", e);
        }
        LOG.info("legacy resume scan done; unset ZAPGATE_LEGACY_RESUME_SCAN for later deploys", "scheduled", scheduled);
        return scheduled;
    }

    /** One sweep after a random pause of up to a tenth of the period (hosts started together spread out). */
    private void sweep() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(adoptMillis / 10 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        adoptOrphans();
    }

    /**
     * Hands the sessions nobody holds to the resumer (paced, retried), at most this host's fair share; then, at a
     * periodic sweep, hands off what it holds beyond its share and, every {@value #JANITOR_EVERY} sweeps, cleans
     * up after dead hosts. Returns how many it scheduled.
     */
    private int adoptOrphans() {
        try {
            List<Instance> orphans = handler.orphans(Integer.MAX_VALUE);
            moveLapsedHostQueues(orphans);
            FairShare share = fairShare(orphans.size());
            int cap = share == null ? orphans.size() : share.adoptCap(supervisor.size() + resumer.pending());
            if (supervisor.atCapacity()) {
                // renewal rounds take too long already: the orphans are left to the other hosts (or a later sweep)
                if (!orphans.isEmpty()) {
                    LOG.info("at capacity: unowned sessions left to other hosts", "orphans", orphans.size());
                }
                cap = 0;
            }
            int scheduled = resumer.resumeAll(orphans.subList(0, Math.min(cap, orphans.size())));
            metrics.add(HostMetrics.Counter.ADOPTIONS, scheduled);
            if (scheduled > 0) {
                LOG.info("adopting unowned sessions", "count", scheduled);
            }
            // hand off only once what was handed off before is adopted (no orphans) and the heartbeats had time
            // to show it (two sweeps = a TTL, the heartbeats are written every TTL/3): no oscillation on stale counts
            if (started && share != null && sweepsDone > 0 && orphans.isEmpty() && sweepsDone - lastHandOff >= 2) {
                int release = share.toRelease(supervisor.size());
                if (release > 0) {
                    lastHandOff = sweepsDone;
                    LOG.info(
                            "above the fair share; handing sessions off",
                            "sessions",
                            supervisor.size(),
                            "share",
                            share.share(),
                            "hosts",
                            share.hosts(),
                            "handedOff",
                            supervisor.handOff(release));
                }
            }
            if (sweepsDone++ % JANITOR_EVERY == JANITOR_EVERY - 1) {
                janitor.run();
            }
            return scheduled;
        } catch (RuntimeException e) {
            LOG.warn("orphan sweep failed; next sweep retries", e);
            return 0;
        }
    }

    /** This host's view of the fleet from the live heartbeat rows, or null when they cannot be read. */
    private FairShare fairShare(int orphans) {
        try {
            var live = ports.leases().liveHosts(ports.clock().instant());
            return FairShare.of(supervisor.hostId(), supervisor.size() + resumer.pending(), live, orphans, balance);
        } catch (RuntimeException e) {
            LOG.warn("live hosts not read; adopting without a cap", e);
            return null;
        }
    }

    /** Sets the rebalancing policy ({@code ZAPGATE_FAIR_SHARE_SLACK}, {@code ZAPGATE_REBALANCE_PER_SWEEP}). */
    public SessionHost balance(FairShare.Policy policy) {
        this.balance = policy;
        return this;
    }

    /**
     * Before adopting: the orphans whose expired lease still names another host's queue (a host that died, or
     * one whose renewal lapsed) may have commands waiting there; each such queue is moved to the shared queue
     * (once per sweep) before the adoption takes the lease, so the instance's commands keep their order. The
     * queue itself is not deleted: an expired lease does not prove its host dead, and a live host's queue must
     * stay (its host deletes it at shutdown). Best-effort, logged.
     */
    private void moveLapsedHostQueues(List<Instance> orphans) {
        java.util.Set<String> moved = new java.util.HashSet<>();
        for (Instance i : orphans) {
            try {
                ports.leases()
                        .current(i.id())
                        .map(io.zapgate.core.session.SessionLeases.Lease::queueUrl)
                        .filter(url -> !url.equals(hostQueueUrl) && moved.add(url))
                        .ifPresent(url -> HostQueues.drain(sqs, url, commandQueueUrl));
            } catch (RuntimeException e) {
                LOG.warn("lapsed host's command queue not moved", e, "instance", i.name());
            }
        }
    }

    /**
     * Reads WhatsApp's current web version before the first login (up to 15 s; on failure the built-in one is
     * used and a later 405 refetches), then every 6 hours.
     */
    private void startVersions() {
        if (versions == null) {
            return;
        }
        try {
            var version = versions.start().get(15, java.util.concurrent.TimeUnit.SECONDS);
            LOG.info("WhatsApp Web version in force", "version", version.toString());
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("WhatsApp Web version not read in time; starting with " + versions.current(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling, closes every socket without logout (state {@code host_shutdown}), releases the leases. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        resumer.close();
        closeConsumers();
        if (renewals != null) {
            renewals.shutdownNow();
            // a renewal still in flight would take a lease again after its release below (then the hand-over's
            // adopter finds it held, and the instance waits for the lease to expire): let the round finish first
            try {
                renewals.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sweeps != null) {
            sweeps.shutdownNow();
        }
        if (fences != null) {
            fences.shutdownNow();
        }
        // sockets closed and leases released: ask the other hosts to take each instance over now, not at a sweep
        handOver(supervisor.shutdown());
        try {
            ports.leases().endHeartbeat(supervisor.hostId());
        } catch (RuntimeException e) {
            LOG.warn("heartbeat row not removed; it expires and a janitor removes it", e);
        }
        if (hostQueueUrl != null) {
            // the leases are released: what other hosts forwarded meanwhile goes to whoever adopts the instances
            HostQueues.drainAndDelete(sqs, hostQueueUrl, commandQueueUrl);
        }
        metrics.close();
        if (healthServer != null) {
            healthServer.close();
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.info("client close failed", "error", e.toString());
            }
        }
        closed.countDown();
        LOG.info("session host stopped", "host", supervisor.hostId());
    }

    /**
     * Sends an {@link io.zapgate.core.command.InstanceCommand.Adopt} for each released instance to the shared
     * command queue (side by side): whichever live host receives it resumes the session at once if the lease is
     * still free. Best-effort: an instance whose request is lost is adopted at the next sweep.
     */
    private void handOver(List<Instance> released) {
        if (released.isEmpty()) {
            return;
        }
        var bus = new io.zapgate.aws.SqsCommandBus(sqs, commandQueueUrl);
        java.time.Instant now = ports.clock().instant();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(32);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Instance i : released) {
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        bus.send(new io.zapgate.core.command.InstanceCommand.Adopt(
                                io.zapgate.core.command.CommandHeader.issue(
                                        i.accountId(),
                                        i.name(),
                                        i.id(),
                                        now,
                                        io.zapgate.core.command.InstanceCommand.ADOPT_LIFETIME)));
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        LOG.warn("adoption request not sent; the next sweep adopts it", e, "instance", i.name());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        LOG.info("sessions handed over to the other hosts", "released", released.size(), "adoptRequests", sent.get());
    }

    /**
     * Stops as a killed process would (tests of failover): threads stop, sockets are cut, nothing is recorded
     * and no lease is released, so other hosts adopt the sessions only once the leases expire.
     */
    synchronized void halt() {
        for (ScheduledExecutorService s : java.util.Arrays.asList(renewals, sweeps, fences)) {
            if (s != null) {
                s.shutdownNow();
            }
        }
        supervisor.halt();
        closeConsumers();
        closed.countDown();
    }

    /** Stops both consumers side by side (each may wait for its long poll). */
    private void closeConsumers() {
        Thread other = hostConsumer == null ? null : Thread.ofVirtual().start(hostConsumer::close);
        consumer.close();
        if (other != null) {
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This host's own command queue, or null when it has none. */
    public String hostQueueUrl() {
        return hostQueueUrl;
    }

    /** Shows every published event to {@code listener} too (in-process; e.g. the local stack's terminal). */
    public void onEvent(java.util.function.Consumer<io.zapgate.core.session.InstanceEvent> listener) {
        if (!(ports.events() instanceof TappedEventPublisher tap)) {
            throw new IllegalStateException("this session host was built without an event tap");
        }
        tap.addListener(listener);
    }

    /** Blocks until {@link #close()} finished (what the main thread does). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    public String hostId() {
        return supervisor.hostId();
    }

    /** What the health endpoints report. */
    public HostHealth health() {
        return health;
    }

    /** The metrics ({@link HostMetrics#NONE} until {@link #startOps}). */
    public HostMetrics metrics() {
        return metrics;
    }

    /** The health endpoints' port, or -1 when they are off. */
    public synchronized int healthPort() {
        return healthServer == null ? -1 : healthServer.port();
    }

    /** The sessions this host owns (who holds what, under which lease). */
    public SessionSupervisor supervisor() {
        return supervisor;
    }
}
