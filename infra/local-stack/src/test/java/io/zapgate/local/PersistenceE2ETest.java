package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.TestBackends;
import io.zapgate.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's data folder survives a stop and start: same account token, same instances. */
class PersistenceE2ETest {
    @Test
    void dataSurvivesARestart(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        MutableClock clock = StackFixture.clock();
        String token;
        try (LocalStack first = StackFixture.start(clock, dir, Map.of())) {
            token = first.accountToken();
            Api api = new Api(first.baseUrl());
            assertThat(api.post(
                                    "/api/instance/new",
                                    token,
                                    "{\"name\":\"keep\",\"proxyHost\":\"p.example\","
                                            + "\"proxyPort\":\"8080\",\"proxyProtocol\":\"http\",\"proxyUsername\":\"u\","
                                            + "\"proxyPassword\":\"pw\"}")
                            .status())
                    .isEqualTo(201);
        }
        assertThat(Files.readString(dir.resolve("account-token")).trim()).isEqualTo(token);
        assertThat(Files.readString(dir.resolve("encryption-key"))).doesNotContain(token);
        try (LocalStack second = StackFixture.start(clock, dir, Map.of())) {
            assertThat(second.accountToken()).isEqualTo(token);
            Api api = new Api(second.baseUrl());
            Api.Reply list = api.get("/api/instance/list", token);
            assertThat(list.body().get("message").asText()).isEqualTo("1 Instance found");
            assertThat(list.body().at("/instances/0/proxy/username").asText()).isEqualTo("u");
        }
    }

    @Test
    void anAccountTokenFromTheEnvironmentOpensTheAccount() throws Exception {
        MutableClock clock = StackFixture.clock();
        try (LocalStack stack =
                StackFixture.start(clock, null, Map.of("ZAPGATE_ACCOUNT_TOKEN", "my-fixed-local-token-0001-abcdefg"))) {
            assertThat(stack.accountToken()).isEqualTo("my-fixed-local-token-0001-abcdefg");
            Api api = new Api(stack.baseUrl());
            assertThat(api.get("/api/instance/list", "my-fixed-local-token-0001-abcdefg")
                            .status())
                    .isEqualTo(200);
        }
    }
}
