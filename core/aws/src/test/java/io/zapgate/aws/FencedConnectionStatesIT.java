package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.port.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A session host's state writes carry its lease's fencing token: on DynamoDB Local, a host that lost the lease
 * (lower token) cannot overwrite what the new owner (higher token) wrote.
 */
class FencedConnectionStatesIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(new byte[32]);
    private final DynamoDbInstanceRepository instances =
            new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);
    private final DynamoDbConnectionStates states =
            new DynamoDbConnectionStates(aws.dynamo, aws.tables().instances(), cipher);

    private Instance newInstance(String name) {
        Account a = Samples.account(3);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(a, Samples.accountToken(a));
        Instance i = Samples.instance(a, name);
        instances.create(i, Samples.tokenOf(i));
        return i;
    }

    private static Connection in(InstanceState state) {
        return Connection.initial().withState(state);
    }

    @Test
    void aWriteUnderALowerFencingTokenIsRejectedAndLeavesTheNewOwnersState() {
        Instance i = newInstance("fenced");
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTING), 1))
                .isTrue();
        // host B took the lease (token 2) and recorded its state
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTED), 2))
                .isTrue();
        // host A, token 1, does not know yet
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.DISCONNECTED), 1))
                .isFalse();
        assertThat(instances.find(i.key()).orElseThrow().connection().state()).isEqualTo(InstanceState.CONNECTED);
        var row = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .consistentRead(true)
                        .key(Map.of(
                                "accountId", AttributeValue.fromS(i.accountId()),
                                "name", AttributeValue.fromS(i.name()))))
                .item();
        assertThat(row.get("fence")).isEqualTo(AttributeValue.fromN("2"));
        // the owner itself, and a later owner, go on writing
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.DISCONNECTED), 2))
                .isTrue();
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTING), 3))
                .isTrue();
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTED), 2))
                .isFalse();
    }

    @Test
    void theFirstFencedWriteOnARowWithoutAFenceIsAccepted() {
        Instance i = newInstance("unfenced");
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTING)))
                .isTrue();
        assertThat(states.updateConnection(i.key(), i.id(), in(InstanceState.CONNECTED), 5))
                .isTrue();
        assertThat(states.updateConnection(i.key(), "another-incarnation", in(InstanceState.CONNECTED), 9))
                .isFalse();
    }
}
