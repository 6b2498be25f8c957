package io.zapgate.aws.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the template's DynamoDB tables and SQS queues on a local endpoint, from the same definitions the
 * cloud deploy uses. Idempotent: existing tables (file mode) are kept. Returns how {@code Ref}s resolve.
 */
public final class TemplateProvisioner {
    private final SamTemplate template;
    private final String prefix;

    /** @param prefix prepended to every physical name (e.g. {@code zapgate-}) */
    public TemplateProvisioner(SamTemplate template, String prefix) {
        this.template = template;
        this.prefix = prefix;
    }

    /** Creates everything; the result maps logical ids to their {@code Ref} values (table name, queue URL). */
    public Map<String, String> provision(DynamoDbClient dynamo, SqsClient sqs) {
        Map<String, String> refs = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table")
                .forEach((id, props) -> refs.put(id, createTable(dynamo, id, props)));
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        Map<String, String> arns = new LinkedHashMap<>();
        queues.forEach((id, props) -> {
            String url = createQueue(sqs, id, props);
            refs.put(id, url);
            arns.put(
                    id,
                    sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN));
        });
        queues.forEach((id, props) -> {
            Map<String, Object> redrive = SamTemplate.map(props.get("RedrivePolicy"));
            if (!redrive.isEmpty()) {
                String dlq = getAttTarget(redrive.get("deadLetterTargetArn"));
                String policy = "{\"deadLetterTargetArn\":\"" + arns.get(dlq) + "\",\"maxReceiveCount\":\""
                        + redrive.get("maxReceiveCount") + "\"}";
                sqs.setQueueAttributes(
                        b -> b.queueUrl(refs.get(id)).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy)));
            }
        });
        return refs;
    }

    private String createTable(DynamoDbClient dynamo, String id, Map<String, Object> p) {
        String name = prefix + id;
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (Object o : (List<?>) p.get("AttributeDefinitions")) {
            Map<String, Object> a = SamTemplate.map(o);
            attrs.add(AttributeDefinition.builder()
                    .attributeName((String) a.get("AttributeName"))
                    .attributeType((String) a.get("AttributeType"))
                    .build());
        }
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs)
                .keySchema(keys(p.get("KeySchema")));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Object o : p.get("GlobalSecondaryIndexes") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> g = SamTemplate.map(o);
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName((String) g.get("IndexName"))
                    .keySchema(keys(g.get("KeySchema")))
                    .projection(Projection.builder()
                            .projectionType((String)
                                    SamTemplate.map(g.get("Projection")).get("ProjectionType"))
                            .build())
                    .build());
        }
        if (!gsis.isEmpty()) {
            req.globalSecondaryIndexes(gsis);
        }
        Map<String, Object> stream = SamTemplate.map(p.get("StreamSpecification"));
        if (!stream.isEmpty()) {
            req.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue((String) stream.get("StreamViewType")))
                    .build());
        }
        try {
            dynamo.createTable(req.build());
            Map<String, Object> ttl = SamTemplate.map(p.get("TimeToLiveSpecification"));
            if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
                dynamo.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(TimeToLiveSpecification.builder()
                                .attributeName((String) ttl.get("AttributeName"))
                                .enabled(true)
                                .build()));
            }
        } catch (ResourceInUseException exists) {
            // file mode: the table survived a restart
        }
        return name;
    }

    private static List<KeySchemaElement> keys(Object schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (Object o : (List<?>) schema) {
            Map<String, Object> k = SamTemplate.map(o);
            out.add(KeySchemaElement.builder()
                    .attributeName((String) k.get("AttributeName"))
                    .keyType((String) k.get("KeyType"))
                    .build());
        }
        return out;
    }

    private String createQueue(SqsClient sqs, String id, Map<String, Object> p) {
        boolean fifo = Boolean.TRUE.equals(p.get("FifoQueue"));
        String name = prefix + id + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
        if (fifo) {
            attrs.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        copy(p, "ContentBasedDeduplication", attrs, QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
        copy(p, "VisibilityTimeout", attrs, QueueAttributeName.VISIBILITY_TIMEOUT);
        copy(p, "MessageRetentionPeriod", attrs, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        copy(p, "ReceiveMessageWaitTimeSeconds", attrs, QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS);
        return sqs.createQueue(b -> b.queueName(name).attributes(attrs)).queueUrl();
    }

    private static void copy(
            Map<String, Object> p, String key, Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        if (p.get(key) != null) {
            attrs.put(name, String.valueOf(p.get(key)));
        }
    }

    /** The logical id in {@code {Fn::GetAtt: [Id, Arn]}}. */
    static String getAttTarget(Object value) {
        if (SamTemplate.map(value).get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0));
        }
        throw new IllegalArgumentException("expected {Fn::GetAtt: [Id, Arn]}, got " + value);
    }

    /**
     * Resolves a function's environment value: literals, {@code Ref} to a provisioned resource or a parameter
     * default. Anything else (cloud-only values) resolves to null and is left out.
     */
    public String resolve(Object value, Map<String, String> refs) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        Object ref = SamTemplate.map(value).get("Ref");
        if (ref != null) {
            if (refs.containsKey(ref)) {
                return refs.get(ref);
            }
            Object def = SamTemplate.map(template.parameters().get(ref)).get("Default");
            return def == null ? null : String.valueOf(def);
        }
        return null;
    }
}
