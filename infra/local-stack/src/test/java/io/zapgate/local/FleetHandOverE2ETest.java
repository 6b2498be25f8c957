package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.local.FleetLinks.Linked;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Rolling restarts and a host cut off from DynamoDB, on three session host processes of the local stack and a
 * fake WhatsApp in this JVM (issue 8, item 4).
 *
 * <ol>
 *   <li><b>Rolling restart:</b> each host in turn gets SIGTERM (it closes its sockets, releases its leases and asks
 *       the others to adopt them at once), exits, and is replaced by a new process. Every instance ends
 *       {@code connected}, the fake saw no new pairing (no QR), never two logged-in sockets of one device at once.
 *       Each handed-over instance's gap (its old socket last seen logged in → its new socket logged in and the
 *       instance {@code connected}, sampled every ~50 ms from outside) is printed as p50/p99/max.</li>
 *   <li><b>Cut off from DynamoDB:</b> the test-only switch ({@code ZAPGATE_CHAOS}) makes every DynamoDB call of the
 *       host holding the most instances fail. Its leases cannot be renewed: it closes its sockets before they
 *       expire (self-fencing) and the others adopt the instances after the expiry. The fake never sees two
 *       logged-in sockets of one device at once, and every instance ends connected on the other hosts.</li>
 * </ol>
 */
class FleetHandOverE2ETest {
    /** 30 by default; {@code -Dzapgate.handover.instances=N}. */
    private static final int INSTANCES = Integer.getInteger("zapgate.handover.instances", 30);

    private static final int HOSTS = 3;
    /** Lease TTL given to the hosts: they sweep every third of it (10 s), far slower than an adoption request. */
    private static final int LEASE_TTL_SECONDS = 30;

    private static final Duration SWEEP = Duration.ofSeconds(LEASE_TTL_SECONDS / 3);
    /**
     * Released leases are taken over without waiting for them to expire: every gap below the lease TTL. (That the
     * hand-over does not wait for a sweep either is shown by FleetIT, on a quiet machine; here the gap is measured.)
     */
    private static final Duration HAND_OVER_BUDGET = Duration.ofSeconds(LEASE_TTL_SECONDS);
    /** Cut off: lease TTL + sweep period (with its jitter) + a margin for a small shared machine. */
    private static final Duration CUT_OFF_BUDGET =
            Duration.ofSeconds(LEASE_TTL_SECONDS).plus(SWEEP).plusSeconds(45);

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void rollingRestartsNeedNoQrAndACutOffHostClosesItsSocketsBeforeOthersAdopt() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                LocalStack stack = StackFixture.start(Clock.systemUTC(), null, environment(fake))) {
            Api api = new Api(stack.baseUrl());
            String token = stack.accountToken();
            assertThat(stack.sessionHostPids()).hasSize(HOSTS);
            var e = stack.awsEndpoints();
            DynamoDbClient dynamo = AwsClients.dynamoDb(
                    new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
            SessionLeases leases =
                    new DynamoDbSessionLeases(dynamo, stack.resources().get("SessionLeasesTable"), Clock.systemUTC());

            List<Linked> linked = FleetLinks.linkAll(api, token, fake, "handover", INSTANCES, WAIT);
            Await.until(
                    "every instance connected under a lease",
                    WAIT,
                    () -> owners(linked, leases).size() == linked.size() && allConnected(api, token, linked));
            int registrations = fake.recordings().registrationCount();

            // 1. rolling restart of all three, one after another
            Map<String, Long> gaps = new LinkedHashMap<>();
            for (int index = 0; index < HOSTS; index++) {
                String stopping = List.copyOf(stack.sessionHostPids().keySet()).get(index);
                List<Linked> held = heldBy(stopping, linked, leases);
                Map<String, Long> these = new LinkedHashMap<>();
                Map<String, Long> back = new LinkedHashMap<>();
                int at = index;
                CompletableFuture<String> replaced = CompletableFuture.supplyAsync(() -> {
                    try {
                        return stack.restartSessionHost(at);
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
                try {
                    awaitBack(api, token, fake, leases, held, stopping, these, back, WAIT);
                } finally {
                    print("rolling restart of " + stopping + ", gap (no logged-in socket)", held.size(), these);
                    print("rolling restart of " + stopping + ", SIGTERM -> connected elsewhere", held.size(), back);
                }
                String successor = replaced.get(2, TimeUnit.MINUTES);
                assertThat(successor).isNotEqualTo(stopping);
                these.forEach((name, gap) -> gaps.put(name + "@" + stopping, gap));
            }
            print("rolling restart, all three hosts, gap (no logged-in socket)", gaps.size(), gaps);
            assertThat(fake.recordings().registrationCount())
                    .as("no new pairing (no QR) during the rolling restart")
                    .isEqualTo(registrations);
            assertThat(fake.recordings().maxConcurrentLoggedInSockets())
                    .as("never two logged-in sockets of one device at once (device id -> most)")
                    .allSatisfy((device, most) -> assertThat(most).isEqualTo(1));
            Await.until(
                    "every instance connected under a lease of a current host",
                    WAIT,
                    () -> allConnected(api, token, linked)
                            && stack.sessionHostPids()
                                    .keySet()
                                    .containsAll(owners(linked, leases).values())
                            && owners(linked, leases).size() == linked.size());
            assertThat(FleetE2ETest.percentile(gaps.values(), 100))
                    .as(
                            "every hand-over took less than the lease TTL (%s): nothing waited for an expiry",
                            HAND_OVER_BUDGET)
                    .isLessThan(HAND_OVER_BUDGET.toMillis());

            // 2. the host holding the most is cut off from DynamoDB
            Map<String, List<Linked>> byHost = new HashMap<>();
            owners(linked, leases)
                    .forEach((name, owner) -> byHost.computeIfAbsent(owner, o -> new ArrayList<>())
                            .add(linked.stream()
                                    .filter(l -> l.name().equals(name))
                                    .findFirst()
                                    .orElseThrow()));
            String victim = byHost.entrySet().stream()
                    .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
                    .orElseThrow()
                    .getKey();
            List<Linked> cut = byHost.get(victim);
            int port = stack.sessionHostHealthPorts().get(victim);
            assertThat(chaos(port, true))
                    .as("the chaos switch answers on the health port")
                    .isEqualTo(200);
            Map<String, Long> cutGaps = new LinkedHashMap<>();
            Map<String, Long> failover = new LinkedHashMap<>();
            try {
                awaitBack(api, token, fake, leases, cut, victim, cutGaps, failover, CUT_OFF_BUDGET);
            } finally {
                print("cut off from DynamoDB: " + victim + ", gap (no logged-in socket)", cut.size(), cutGaps);
                print("cut off from DynamoDB: " + victim + ", cut -> connected elsewhere", cut.size(), failover);
            }
            assertThat(fake.recordings().maxConcurrentLoggedInSockets())
                    .as("the cut-off host closed each socket before another host adopted it (device id -> most)")
                    .allSatisfy((device, most) -> assertThat(most).isEqualTo(1));
            assertThat(fake.recordings().registrationCount()).as("no QR").isEqualTo(registrations);
            // The survivors may still be evening out their shares (a fair-share hand-over leaves a lease free for
            // a moment), so wait for every instance to be held again, by anyone but the cut-off host.
            Await.until("every instance held by a surviving host", HAND_OVER_BUDGET, () -> {
                Map<String, String> now = owners(linked, leases);
                return now.size() == linked.size() && !now.containsValue(victim);
            });
            assertThat(allConnected(api, token, linked)).isTrue();
            assertThat(chaos(port, false)).isEqualTo(200);
        }
    }

    private static Map<String, String> environment(FakeWhatsApp fake) {
        Map<String, String> env = new HashMap<>();
        env.put("ZAPGATE_SESSION_HOSTS", Integer.toString(HOSTS));
        env.put("ZAPGATE_HEALTH_PORT", "0");
        env.put("ZAPGATE_CHAOS", "true"); // the test-only fault switch on each host's health port
        env.put("ZAPGATE_WA_URL", fake.wsUrl().toString());
        env.put("ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex());
        env.put("ZAPGATE_LEASE_TTL_SECONDS", Integer.toString(LEASE_TTL_SECONDS));
        env.put("ZAPGATE_RATE_LIMIT_GLOBAL", "1000000");
        env.put("ZAPGATE_RATE_LIMIT_CREATE", "1000000");
        env.put("ZAPGATE_INSTANCE_QUOTA", "1000");
        env.put("ZAPGATE_LOG_LEVEL", System.getProperty("zapgate.handover.logLevel", "WARN"));
        return env;
    }

    /**
     * Waits until every instance of {@code held} is logged in again on a host other than {@code from} (lease) and
     * {@code connected} (API). Puts each one's gap into {@code gaps}: how long the fake WhatsApp saw no logged-in
     * socket of its device (its old socket's end → the new socket's login, both timed by the fake), and into
     * {@code since} the time from this call until it was seen back (sampled every ~50 ms).
     */
    private static void awaitBack(
            Api api,
            String token,
            FakeWhatsApp fake,
            SessionLeases leases,
            List<Linked> held,
            String from,
            Map<String, Long> gaps,
            Map<String, Long> since,
            Duration timeout) {
        Map<String, Integer> loginsBefore = new HashMap<>();
        long start = System.nanoTime();
        for (Linked l : held) {
            loginsBefore.put(l.name(), fake.recordings().loginCount(l.device().device()));
        }
        Await.until(held.size() + " instances of " + from + " connected on the other hosts", timeout, () -> {
            Map<String, String> states = states(api, token);
            for (Linked l : held) {
                if (gaps.containsKey(l.name())) {
                    continue;
                }
                int device = l.device().device();
                var rec = fake.recordings();
                if (rec.loginCount(device) > loginsBefore.get(l.name())
                        && rec.openLoggedInSockets(device) == 1
                        && "connected".equals(states.get(l.name()))
                        && leases.current(l.id())
                                .map(SessionLeases.Lease::owner)
                                .filter(o -> !o.equals(from))
                                .isPresent()) {
                    long login = rec.lastLoginNanos(device).orElseThrow();
                    long closed = rec.lastLoggedInSocketClosedNanos(device).orElse(start);
                    gaps.put(l.name(), TimeUnit.NANOSECONDS.toMillis(Math.max(0, login - closed)));
                    since.put(l.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
            return gaps.size() == held.size();
        });
    }

    private static void print(String what, int count, Map<String, Long> gaps) {
        System.out.printf(
                "%s: %d of %d instances back (lease TTL %d s, sweep %d s), p50 %d ms, p99 %d ms, max %d ms%n",
                what,
                gaps.size(),
                count,
                LEASE_TTL_SECONDS,
                SWEEP.toSeconds(),
                FleetE2ETest.percentile(gaps.values(), 50),
                FleetE2ETest.percentile(gaps.values(), 99),
                FleetE2ETest.percentile(gaps.values(), 100));
        gaps.forEach((name, gap) -> {
            if (what.startsWith("rolling") && what.contains("gap") && gap >= SWEEP.toMillis()) {
                System.out.printf("  slow: %s %d ms%n", name, gap);
            }
        });
    }

    private static int chaos(int port, boolean fail) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chaos/dynamodb?fail=" + fail))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<Linked> heldBy(String host, List<Linked> linked, SessionLeases leases) {
        Map<String, String> owners = owners(linked, leases);
        List<Linked> held =
                linked.stream().filter(l -> host.equals(owners.get(l.name()))).toList();
        assertThat(held).as(host + " holds instances").isNotEmpty();
        return held;
    }

    /** Instance name → lease owner, for the instances that have a live lease. */
    private static Map<String, String> owners(List<Linked> linked, SessionLeases leases) {
        java.time.Instant now = java.time.Instant.now();
        Map<String, String> owners = new LinkedHashMap<>();
        for (Linked l : linked) {
            leases.current(l.id())
                    .filter(lease -> lease.expiresAt().isAfter(now))
                    .ifPresent(lease -> owners.put(l.name(), lease.owner()));
        }
        return owners;
    }

    private static boolean allConnected(Api api, String token, List<Linked> linked) {
        Map<String, String> states = states(api, token);
        return linked.stream().allMatch(l -> "connected".equals(states.get(l.name())));
    }

    /** Every instance's connection state, from one list call. */
    private static Map<String, String> states(Api api, String token) {
        Map<String, String> states = new HashMap<>();
        for (JsonNode i : api.get("/api/instance/list", token).body().path("instances")) {
            states.put(i.path("name").asText(), i.at("/connection/state").asText());
        }
        return states;
    }
}
