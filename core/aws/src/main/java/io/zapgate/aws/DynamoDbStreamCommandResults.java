package io.zapgate.aws;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Waits for a command result on the results table's DynamoDB Stream: iterators are opened at LATEST on every
 * open shard before the command is sent, then polled until the record with our request id shows up. The row
 * itself stays the source of truth: if the stream cannot be read (throttled, expired iterator) or time runs
 * out, one consistent read of the row decides.
 */
public final class DynamoDbStreamCommandResults implements CommandResults {
    private static final Log LOG = Log.get(DynamoDbStreamCommandResults.class);
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final Duration pollInterval;
    private volatile String streamArn;

    public DynamoDbStreamCommandResults(
            DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table, Duration pollInterval) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.table = table;
        this.pollInterval = pollInterval;
    }

    @Override
    public Pending expect(String requestId) {
        List<String> iterators = new ArrayList<>();
        List<String> shards = new ArrayList<>();
        try {
            for (Shard shard : openShards()) {
                shards.add(shard.shardId());
                iterators.add(iterator(shard.shardId(), ShardIteratorType.LATEST));
            }
        } catch (SdkException | IllegalStateException e) {
            LOG.warn("stream not readable, falling back to reading the row", e, "waitingFor", requestId);
            iterators.clear();
        }
        return new StreamPending(requestId, shards, iterators);
    }

    private String iterator(String shardId, ShardIteratorType type) {
        return streams.getShardIterator(
                        b -> b.streamArn(streamArn()).shardId(shardId).shardIteratorType(type))
                .shardIterator();
    }

    private List<Shard> openShards() {
        List<Shard> open = new ArrayList<>();
        String last = null;
        do {
            String from = last;
            var d = streams.describeStream(b -> b.streamArn(streamArn()).exclusiveStartShardId(from))
                    .streamDescription();
            d.shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                    .forEach(open::add);
            last = d.lastEvaluatedShardId();
        } while (last != null);
        return open;
    }

    private String streamArn() {
        String arn = streamArn;
        if (arn == null) {
            arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            if (arn == null) {
                throw new IllegalStateException("table " + table + " has no stream");
            }
            streamArn = arn;
        }
        return arn;
    }

    private Optional<CommandResult> readRow(String requestId) {
        Map<String, AttributeValue> item = DynamoErrors.call(
                "result.read",
                () -> dynamo.getItem(b -> b.tableName(table)
                                .key(Map.of("requestId", AttributeValue.fromS(requestId)))
                                .consistentRead(true))
                        .item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(CommandResultItems.fromItem(item));
    }

    private final class StreamPending implements Pending {
        private final String requestId;
        private final List<String> shards;
        private final List<String> iterators;

        StreamPending(String requestId, List<String> shards, List<String> iterators) {
            this.requestId = requestId;
            this.shards = shards;
            this.iterators = new ArrayList<>(iterators);
        }

        @Override
        public Optional<CommandResult> await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int rounds = 0;
            while (System.nanoTime() < deadline) {
                Optional<CommandResult> found =
                        iterators.isEmpty() || ++rounds % 20 == 0 ? readRow(requestId) : pollOnce();
                if (found.isPresent()) {
                    return found;
                }
                try {
                    Thread.sleep(
                            Math.min(pollInterval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return readRow(requestId);
        }

        private Optional<CommandResult> pollOnce() {
            try {
                for (int i = 0; i < iterators.size(); i++) {
                    String it = iterators.get(i);
                    if (it == null) {
                        continue;
                    }
                    GetRecordsResponse r;
                    try {
                        r = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                    } catch (TrimmedDataAccessException trimmed) {
                        // seen on a fresh, empty shard (DynamoDB Local): start that shard from its oldest record;
                        // what came before our request cannot carry its (new, random) id anyway
                        iterators.set(i, iterator(shards.get(i), ShardIteratorType.TRIM_HORIZON));
                        continue;
                    }
                    iterators.set(i, r.nextShardIterator());
                    for (var rec : r.records()) {
                        var image = rec.dynamodb().newImage();
                        if (image != null
                                && image.get("requestId") != null
                                && requestId.equals(image.get("requestId").s())) {
                            return Optional.of(CommandResultItems.fromItem(image));
                        }
                    }
                }
                if (iterators.stream().allMatch(java.util.Objects::isNull)) {
                    iterators.clear();
                }
            } catch (SdkException e) {
                LOG.warn("stream read failed, reading the row instead", e, "waitingFor", requestId);
                iterators.clear();
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            iterators.clear();
        }
    }
}
