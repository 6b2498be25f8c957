package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ZAPGATE_SESSION_HOSTS=2}: two session host processes (the ECS task's main class) on the local stack's
 * DynamoDB Local and ElasticMQ, healthy, serving commands; one killed with SIGKILL stays dead, is reported, and
 * the other stays healthy.
 */
class LocalFleetE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    private int status(LocalHostFleet.Member m) {
        try {
            return http.send(
                            HttpRequest.newBuilder(m.ready())
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The live child processes of this JVM (the stack runs DynamoDB Local and ElasticMQ in-process). */
    private static List<Long> children() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .sorted()
                .toList();
    }

    @Test
    void twoProcessesServeTheStackAndAKilledOneStaysDead() throws Exception {
        try (LocalStack stack = StackFixture.start(
                StackFixture.clock(),
                null,
                Map.of(
                        "ZAPGATE_SESSION_HOSTS", "2",
                        "ZAPGATE_HEALTH_PORT", "0",
                        "ZAPGATE_FAKE_WA", "1",
                        "ZAPGATE_FAKE_WA_CONTROL_PORT", "0"))) {
            LocalHostFleet fleet = stack.sessions().fleet();
            assertThat(stack.sessions().host()).isNull();
            List<LocalHostFleet.Member> members = fleet.members();
            assertThat(members).hasSize(2);
            assertThat(members)
                    .extracting(LocalHostFleet.Member::hostId)
                    .containsExactly("local-session-host-1", "local-session-host-2");
            for (LocalHostFleet.Member m : members) {
                assertThat(ProcessHandle.of(m.pid()).map(ProcessHandle::isAlive))
                        .contains(true);
                Await.until(m.hostId() + " ready", WAIT, () -> status(m) == 200);
                assertThat(m.log()).startsWith(fleet.logDir());
            }
            assertThat(LocalStackMain.hosts(stack.sessions()))
                    .contains("pid " + members.get(0).pid())
                    .contains("pid " + members.get(1).pid())
                    .contains(fleet.logDir().toAbsolutePath().toString());

            // the processes really serve commands: a connect gets its QR from one of them
            Api api = new Api(stack.baseUrl());
            assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"fleet\"}")
                            .status())
                    .isEqualTo(201);
            Api.Reply connect = api.get("/api/instance/connect/fleet", stack.accountToken());
            assertThat(connect.status()).as(connect.toString()).isEqualTo(200);
            assertThat(connect.body().get("qrCode").asText()).isNotBlank();

            LocalHostFleet.Member killed = members.get(0);
            LocalHostFleet.Member survivor = members.get(1);
            assertThat(children()).containsExactlyInAnyOrder(killed.pid(), survivor.pid());
            ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly(); // SIGKILL

            LocalHostFleet.Exit exit = Await.value(
                            "the launcher reports the exit", WAIT, () -> fleet.exits(), e -> !e.isEmpty())
                    .get(0);
            assertThat(exit.hostId()).isEqualTo(killed.hostId());
            assertThat(exit.pid()).isEqualTo(killed.pid());
            assertThat(exit.exitCode()).isEqualTo(137);
            assertThat(killed.process().isAlive()).isFalse();
            // not restarted: the survivor is the only child process left
            assertThat(children()).containsExactly(survivor.pid());
            assertThat(fleet.members()).hasSize(2);
            assertThat(status(survivor)).isEqualTo(200);
            assertThat(Files.exists(survivor.log())).isTrue();
        }
        assertThat(children()).as("children stopped with the stack").isEmpty();
    }
}
