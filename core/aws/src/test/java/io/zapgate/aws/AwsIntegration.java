package io.zapgate.aws;

import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.SamTemplate;
import io.zapgate.aws.local.TemplateProvisioner;
import io.zapgate.aws.local.TestBackends;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real local AWS for adapter integration tests: tables and queues provisioned from template.yaml once
 * per JVM on the chosen backend; skipped with a message when that backend cannot run here.
 */
public final class AwsIntegration {
    private static AwsIntegration instance;
    public final DynamoDbClient dynamo;
    public final SqsClient sqs;
    public final Map<String, String> refs;

    private AwsIntegration(DynamoDbClient dynamo, SqsClient sqs, Map<String, String> refs) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.refs = refs;
    }

    public static synchronized AwsIntegration get() {
        String why = TestBackends.unavailableReason();
        Assumptions.assumeTrue(why == null, why);
        if (instance == null) {
            AwsEndpoints e = TestBackends.shared().endpoints();
            AwsClients.Target t =
                    new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey());
            DynamoDbClient dynamo = AwsClients.dynamoDb(t);
            SqsClient sqs = AwsClients.sqs(t);
            Map<String, String> refs = new TemplateProvisioner(SamTemplate.parse(TestBackends.templateText()), "it-")
                    .provision(dynamo, sqs);
            instance = new AwsIntegration(dynamo, sqs, refs);
        }
        return instance;
    }

    public TableNames tables() {
        return new TableNames(
                refs.get("AccountsTable"),
                refs.get("TokensTable"),
                refs.get("InstancesTable"),
                refs.get("RateLimitsTable"),
                refs.get("ConnectResultsTable"));
    }
}
