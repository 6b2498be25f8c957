package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.port.Account;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored secret that cannot be decrypted is named on the instance read from DynamoDB, never taken for an
 * absent one; the account's list still reads; setting the field again clears it; a partial update that does
 * not set it keeps the stored value (readable again once the key is back).
 */
class UnreadableSecretsIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final AesGcmSecretCipher keyA = new AesGcmSecretCipher(key());
    private final AesGcmSecretCipher keyB = new AesGcmSecretCipher(key());

    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private DynamoDbInstanceRepository repo(AesGcmSecretCipher cipher) {
        return new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);
    }

    @Test
    void unreadableSecretsAreNamedAndSettingThemAgainClearsThem() {
        Account a = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(a, Samples.accountToken(a));
        Instance bad = Samples.fullInstance(a, "sealed-by-a");
        repo(keyA).create(bad, Samples.tokenOf(bad));
        Instance good = Samples.fullInstance(a, "sealed-by-b");
        repo(keyB).create(good, Samples.tokenOf(good));

        DynamoDbInstanceRepository withB = repo(keyB);
        List<Instance> list = withB.listByAccount(a.id());
        assertThat(list).extracting(Instance::name).containsExactlyInAnyOrder("sealed-by-a", "sealed-by-b");
        Instance readBad = withB.find(bad.key()).orElseThrow();
        assertThat(readBad.unreadableSecrets())
                .containsExactlyInAnyOrder(
                        Instance.PROXY_PASSWORD,
                        Instance.S3_SECRET_KEY,
                        Instance.WEBHOOK_AUTHORIZATION,
                        Instance.WEBHOOK_SIGNING_SECRET,
                        Instance.CHATWOOT_API_TOKEN);
        assertThat(readBad.proxy().password()).isNull();
        assertThat(withB.find(good.key()).orElseThrow().unreadableSecrets()).isEmpty();

        // a partial update that does not set the password keeps the stored one, still named unreadable
        withB.changeProxy(
                readBad,
                p -> new ProxySettings(
                        p.enabled(), "proxy2.example.com", p.port(), p.protocol(), p.username(), p.password()));
        Instance afterHost = withB.find(bad.key()).orElseThrow();
        assertThat(afterHost.proxy().host()).isEqualTo("proxy2.example.com");
        assertThat(afterHost.unreadable(Instance.PROXY_PASSWORD)).isTrue();
        assertThat(repo(keyA).find(bad.key()).orElseThrow().proxy().password())
                .as("the stored value was kept, not dropped")
                .isEqualTo("s3cr3t");

        // setting it again clears the problem
        withB.changeProxy(
                afterHost, p -> new ProxySettings(p.enabled(), p.host(), p.port(), p.protocol(), p.username(), "n3w"));
        Instance fixed = withB.find(bad.key()).orElseThrow();
        assertThat(fixed.unreadable(Instance.PROXY_PASSWORD)).isFalse();
        assertThat(fixed.proxy().password()).isEqualTo("n3w");
        assertThat(fixed.unreadableSecrets()).contains(Instance.S3_SECRET_KEY);
    }
}
