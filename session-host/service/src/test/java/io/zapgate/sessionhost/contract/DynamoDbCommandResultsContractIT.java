package io.zapgate.sessionhost.contract;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.DynamoDbCommandResultSink;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.time.Duration;

/** The command-results contract on DynamoDB Local: the sink's table, read back through its stream. */
class DynamoDbCommandResultsContractIT extends CommandResultsContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final String table = aws.refs.get("ConnectResultsTable");
    private final CommandResults results =
            new DynamoDbStreamCommandResults(aws.dynamo, streams(), table, Duration.ofMillis(50));
    private final String leasesTable = aws.refs.get("SessionLeasesTable");
    private final CommandResultSink sink = new DynamoDbCommandResultSink(aws.dynamo, table, leasesTable);
    private final SessionLeases leases = new DynamoDbSessionLeases(aws.dynamo, leasesTable, Clock.systemUTC());

    @Override
    protected SessionLeases leases() {
        return leases;
    }

    private static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient streams() {
        AwsEndpoints e = TestBackends.shared().endpoints();
        return AwsClients.dynamoDbStreams(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    @Override
    protected CommandResults results() {
        return results;
    }

    @Override
    protected CommandResultSink sink() {
        return sink;
    }
}
