package io.zapgate.aws;

import io.zapgate.core.contract.StreamConnectionsContract;
import io.zapgate.core.session.StreamConnections;

/** The stream-connections contract on DynamoDB Local (or LocalStack), on the template's WsConnectionsTable. */
class DynamoDbStreamConnectionsIT extends StreamConnectionsContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final DynamoDbStreamConnections connections =
            new DynamoDbStreamConnections(aws.dynamo, aws.refs.get("WsConnectionsTable"));

    @Override
    protected StreamConnections connections() {
        return connections;
    }
}
