package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.local.FleetLinks.Linked;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Three session host processes ({@code ZAPGATE_SESSION_HOSTS=3}) on the local stack, talking to a fake WhatsApp
 * in this JVM. 60 instances are linked (spread over the hosts); one host is killed with SIGKILL;
 * every instance it held is connected again on the two others within lease TTL + sweep period + margin, without
 * a new QR (no new pairing on the fake) and without WhatsApp ever seeing two logged-in sockets of one device at
 * once. Then a settings update and a logout are sent for instances held by each surviving host and must reach
 * the socket (presence on the fake; the device unlinked on the fake, logout 200).
 *
 * <p>Everything is observed from outside the hosts: the HTTP API, the fake WhatsApp, the leases table (read
 * only, to know who holds what) and the processes.
 */
class FleetE2ETest {
    /** 60 by default (the number); {@code -Dzapgate.fleet.instances=N} for a quicker run. */
    private static final int INSTANCES = Integer.getInteger("zapgate.fleet.instances", 60);

    private static final int HOSTS = 3;
    /**
     * Lease TTL given to the hosts: they renew every third of it, sweep for orphans every third, and close a session
     * whose renewal has not succeeded by expiry minus a sixth (the local stack's skew budget for a short lease).
     * 12 s, not 6: on a loaded 2-core machine the first renewals of a freshly started host JVM took 3.5 s, more than
     * the 3 s a 6 s lease leaves, so the host rightly gave up sessions it was linking (connect answered 500).
     */
    private static final int LEASE_TTL_SECONDS = 12;

    private static final Duration SWEEP = Duration.ofSeconds(LEASE_TTL_SECONDS / 3);
    /** Lease TTL + sweep period + a margin for resuming many sessions on a small shared machine. */
    private static final Duration FAILOVER_BUDGET =
            Duration.ofSeconds(LEASE_TTL_SECONDS).plus(SWEEP).plusSeconds(30);

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aKilledHostsInstancesComeBackOnTheOthersWithoutQrAndCommandsReachTheirOwners() throws Exception {
        // the functions' clock stamps commands (issuedAt, expiresAt) and the host processes judge expiry by the
        // wall clock: the functions follow it too (the rate limits are raised below instead of freezing the window)
        Clock functionsClock = Clock.systemUTC();
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                LocalStack stack = StackFixture.start(
                        functionsClock,
                        null,
                        Map.of(
                                "ZAPGATE_SESSION_HOSTS",
                                Integer.toString(HOSTS),
                                "ZAPGATE_HEALTH_PORT",
                                "0",
                                "ZAPGATE_WA_URL",
                                fake.wsUrl().toString(),
                                "ZAPGATE_WA_ROOT_KEY",
                                fake.rootPublicKeyHex(),
                                "ZAPGATE_LEASE_TTL_SECONDS",
                                Integer.toString(LEASE_TTL_SECONDS),
                                "ZAPGATE_RATE_LIMIT_GLOBAL",
                                "1000000",
                                "ZAPGATE_RATE_LIMIT_CREATE",
                                "1000000",
                                "ZAPGATE_INSTANCE_QUOTA",
                                "1000"))) {
            Api api = new Api(stack.baseUrl());
            String token = stack.accountToken();
            Map<String, Long> pids = stack.sessionHostPids();
            assertThat(pids).hasSize(HOSTS);
            var e = stack.awsEndpoints();
            DynamoDbClient dynamo = AwsClients.dynamoDb(
                    new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
            SessionLeases leases =
                    new DynamoDbSessionLeases(dynamo, stack.resources().get("SessionLeasesTable"), Clock.systemUTC());

            // 1. link the instances; the hosts share one command queue, so they spread over the three
            long linkStart = System.nanoTime();
            List<Linked> linked = FleetLinks.linkAll(api, token, fake, "fleet", INSTANCES, WAIT);
            System.out.printf(
                    "linked %d instances in %d ms%n",
                    linked.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - linkStart));
            Map<String, String> owners = Await.value(
                    "every instance connected under a lease",
                    WAIT,
                    () -> owners(linked, leases),
                    o -> o.size() == linked.size() && allConnected(api, token, linked));
            Map<String, List<Linked>> byHost = byHost(linked, owners);
            System.out.println("instances per host: " + counts(byHost));
            assertThat(byHost.keySet())
                    .as("every host holds some instances")
                    .containsExactlyInAnyOrderElementsOf(pids.keySet());
            assertThat(fake.recordings().maxConcurrentLoggedInSockets().values())
                    .as("one logged-in socket per device")
                    .allMatch(n -> n == 1);

            // 2. SIGKILL the host holding the most; its instances must come back on the others, no QR
            String victim = byHost.entrySet().stream()
                    .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
                    .orElseThrow()
                    .getKey();
            List<String> survivors =
                    pids.keySet().stream().filter(h -> !h.equals(victim)).toList();
            List<Linked> orphans = byHost.get(victim);
            int registrations = fake.recordings().registrationCount();
            Map<String, Integer> loginsBefore = new HashMap<>();
            for (Linked l : linked) {
                loginsBefore.put(
                        l.name(), fake.recordings().loginCount(l.device().device()));
            }
            ProcessHandle victimProcess = ProcessHandle.of(pids.get(victim)).orElseThrow();
            long killedAt = System.nanoTime();
            assertThat(victimProcess.destroyForcibly()).isTrue();
            victimProcess.onExit().get(30, TimeUnit.SECONDS);

            Map<String, Long> failoverMillis = new TreeMap<>();
            try {
                Await.until("the killed host's instances connected on the others", FAILOVER_BUDGET, () -> {
                    List<Linked> pending = orphans.stream()
                            .filter(o -> !failoverMillis.containsKey(o.name()))
                            .toList();
                    Map<String, String> states = states(api, token);
                    for (Linked o : pending) {
                        int device = o.device().device();
                        boolean back = fake.recordings().loginCount(device) > loginsBefore.get(o.name())
                                && fake.recordings().openLoggedInSockets(device) == 1
                                && "connected".equals(states.get(o.name()))
                                && leases.current(o.id())
                                        .map(SessionLeases.Lease::owner)
                                        .filter(survivors::contains)
                                        .isPresent();
                        if (back) {
                            failoverMillis.put(o.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                        }
                    }
                    return failoverMillis.size() == orphans.size();
                });
            } finally {
                System.out.printf(
                        "failover of %d instances (lease TTL %d s, sweep %d s): %d back, p50 %d ms, p99 %d ms,"
                                + " max %d ms%n",
                        orphans.size(),
                        LEASE_TTL_SECONDS,
                        SWEEP.toSeconds(),
                        failoverMillis.size(),
                        percentile(failoverMillis.values(), 50),
                        percentile(failoverMillis.values(), 99),
                        percentile(failoverMillis.values(), 100));
            }
            assertThat(fake.recordings().registrationCount())
                    .as("no new pairing (no QR) after the failover")
                    .isEqualTo(registrations);
            assertThat(fake.phone().linkedDevices()).hasSize(linked.size());
            assertThat(fake.recordings().maxConcurrentLoggedInSockets())
                    .as("WhatsApp never saw two logged-in sockets of one device at once (device id -> most)")
                    .allSatisfy((device, most) -> assertThat(most).isEqualTo(1));
            Map<String, String> ownersAfter = owners(linked, leases);
            assertThat(ownersAfter.values()).as("nothing held by the dead host").doesNotContain(victim);
            assertThat(ownersAfter).hasSize(linked.size());
            assertThat(allConnected(api, token, linked)).isTrue();

            // 3. commands for instances of each surviving host reach the socket that holds them
            Map<String, List<Linked>> afterByHost = byHost(linked, ownersAfter);
            SoftAssertions soft = new SoftAssertions();
            for (String host : survivors) {
                List<Linked> held = afterByHost.getOrDefault(host, List.of());
                assertThat(held).as(host + " holds instances").isNotEmpty();
                // one it held before the kill and one it adopted, when it has both
                List<Linked> picked = new ArrayList<>();
                held.stream().filter(l -> !orphans.contains(l)).findFirst().ifPresent(picked::add);
                held.stream().filter(orphans::contains).findFirst().ifPresent(picked::add);
                for (Linked l : picked) {
                    settingsReachTheSocket(soft, api, token, fake, l, host);
                    logoutUnlinks(soft, api, token, fake, l, host);
                }
            }
            soft.assertAll();
        }
    }

    private static void settingsReachTheSocket(
            SoftAssertions soft, Api api, String token, FakeWhatsApp fake, Linked l, String host) {
        long available = availablePresences(fake);
        Api.Reply r = api.post("/api/instance/settings/" + l.name(), token, "{\"keepOnlineStatus\":true}");
        soft.assertThat(r.status())
                .as("settings of %s (held by %s): %s", l.name(), host, r.raw().body())
                .isEqualTo(200);
        boolean applied = fake.recordings()
                .awaitUntil(
                        rec -> rec.presences().stream()
                                        .filter(n -> "available"
                                                .equals(n.attr("type").orElse(null)))
                                        .count()
                                > available,
                        Duration.ofSeconds(20));
        if (!applied) {
            System.out.println("settings of " + l.name() + " not applied; presences seen: "
                    + fake.recordings().presences() + ", its open sockets="
                    + fake.recordings().openLoggedInSockets(l.device().device()) + " settings="
                    + api.get("/api/instance/getSettings/" + l.name(), token)
                            .raw()
                            .body());
        }
        soft.assertThat(applied)
                .as("keepOnlineStatus of %s (held by %s) applied on its socket (presence available)", l.name(), host)
                .isTrue();
    }

    private static void logoutUnlinks(
            SoftAssertions soft, Api api, String token, FakeWhatsApp fake, Linked l, String host) {
        Api.Reply out = api.delete("/api/instance/logout/" + l.name(), token);
        soft.assertThat(out.status())
                .as("logout of %s (held by %s): %s", l.name(), host, out.raw().body())
                .isEqualTo(200);
        soft.assertThat(out.raw().body()).as("logout answer of %s", l.name()).contains("\"status\":\"loggedout\"");
        soft.assertThat(fake.recordings().logouts())
                .as("%s (held by %s) unlinked on WhatsApp", l.name(), host)
                .contains(l.device().jid());
        soft.assertThat(fake.phone().linkedDevices())
                .as("%s's device no longer linked on the phone", l.name())
                .extracting(LinkedDevice::jid)
                .doesNotContain(l.device().jid());
        soft.assertThat(state(api, token, l.name()))
                .as("state of %s after logout", l.name())
                .isEqualTo("loggedout");
    }

    private static long availablePresences(FakeWhatsApp fake) {
        return fake.recordings().presences().stream()
                .filter(n -> "available".equals(n.attr("type").orElse(null)))
                .count();
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

    private static Map<String, List<Linked>> byHost(List<Linked> linked, Map<String, String> owners) {
        return linked.stream()
                .filter(l -> owners.containsKey(l.name()))
                .collect(Collectors.groupingBy(l -> owners.get(l.name()), TreeMap::new, Collectors.toList()));
    }

    private static Map<String, Integer> counts(Map<String, List<Linked>> byHost) {
        Map<String, Integer> counts = new TreeMap<>();
        byHost.forEach((h, l) -> counts.put(h, l.size()));
        return counts;
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

    private static String state(Api api, String token, String name) {
        return api.get("/api/instance/list?instanceName=" + name, token)
                .body()
                .at("/instances/0/connection/state")
                .asText();
    }

    /** Nearest-rank percentile (0 when empty). */
    static long percentile(java.util.Collection<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
