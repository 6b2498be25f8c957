package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.aws.local.LocalStackAws;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link KmsSecretCipher} against LocalStack's KMS (Docker, Testcontainers), with the {@code localstack}
 * profile ({@code -Plocalstack}, property {@code zapgate.it.backend=localstack}); skipped otherwise, and where
 * Docker is absent. The embedded backend runs {@link KmsSecretCipherIT} against the in-process KMS instead.
 */
class KmsLocalStackIT {
    @Test
    void sealsAndOpensThroughLocalStackKms() {
        Assumptions.assumeTrue(
                TestBackends.backend().equals("localstack"), "the LocalStack KMS runs with -Plocalstack only");
        Assumptions.assumeTrue(LocalStackAws.dockerAvailable(), "Docker is not available: skipped");
        try (LocalStackContainer c =
                new LocalStackContainer(DockerImageName.parse(LocalStackAws.IMAGE)).withServices(Service.KMS)) {
            c.start();
            AwsClients.Target target =
                    new AwsClients.Target(c.getRegion(), null, null, c.getAccessKey(), c.getSecretKey());
            try (KmsClient kms = SecretCiphers.kms(target, c.getEndpointOverride(Service.KMS))) {
                String keyArn = kms.createKey(b -> b.description("zapgate-it"))
                        .keyMetadata()
                        .arn();
                AesGcmSecretCipher ring = new AesGcmSecretCipher(new byte[32]);
                String old = ring.encrypt("old", "i/f");
                KmsSecretCipher cipher = new KmsSecretCipher(kms, keyArn, ring);
                String sealed = cipher.encrypt("s3cr3t", "i/proxy.password");
                assertThat(sealed).startsWith("v3:kms:");
                assertThat(new KmsSecretCipher(kms, keyArn, null).decrypt(sealed, "i/proxy.password"))
                        .isEqualTo("s3cr3t");
                assertThat(cipher.decrypt(old, "i/f")).isEqualTo("old");
                KmsSecretCipher otherContext = new KmsSecretCipher(
                        kms,
                        keyArn,
                        null,
                        Map.of("zapgate:purpose", "other"),
                        Clock.systemUTC(),
                        Duration.ofMinutes(5),
                        10,
                        10);
                assertThatThrownBy(() -> otherContext.decrypt(sealed, "i/proxy.password"))
                        .isInstanceOf(SecretCipherException.class);
            }
        }
    }
}
