package io.zapgate.sessionhost.contract;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.core.session.SessionLeases;

/** The leases contract on the DynamoDB adapter, against DynamoDB Local. */
class DynamoDbSessionLeasesContractIT extends SessionLeasesContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final DynamoDbSessionLeases leases =
            new DynamoDbSessionLeases(aws.dynamo, aws.refs.get("SessionLeasesTable"), clock);

    @Override
    protected SessionLeases leases() {
        return leases;
    }
}
