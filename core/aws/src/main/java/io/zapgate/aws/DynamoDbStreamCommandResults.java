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
 * out, one consistent read of the row decides. The poll interval is the caller's ({@code ZAPGATE_RESULT_POLL_MS}).
 * A throttled read (more readers on a shard than it serves: AWS allows about 5 GetRecords/s per shard) switches that
 * wait to reading the row at the same interval; the row is read every {@link #ROW_READ_EVERY} anyway.
 */
public final class DynamoDbStreamCommandResults implements CommandResults {
    private static final Log LOG = Log.get(DynamoDbStreamCommandResults.class);
    /** However often the stream is polled, the row itself is read this often (the stream may lag or drop). */
    static final Duration ROW_READ_EVERY = Duration.ofSeconds(2);
    /** How long a described shard list is reused by later waits. */
    static final Duration SHARDS_FRESH = Duration.ofSeconds(60);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final Duration pollInterval;
    private volatile String streamArn;
    private volatile KnownShards known;

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
            for (String shardId : knownOpenShards()) {
                shards.add(shardId);
                iterators.add(iterator(shardId, ShardIteratorType.LATEST));
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

    /**
     * The open shards, described at most every {@link #SHARDS_FRESH} (DescribeStream is limited to 10 calls/s per
     * account on AWS, and costs a round trip before every command otherwise). A shard that closes meanwhile makes
     * the waiter that sees it end forget the list and pick up the new shards ({@code StreamPending#pollOnce}).
     */
    private List<String> knownOpenShards() {
        KnownShards known = this.known;
        if (known == null || System.nanoTime() - known.at() > SHARDS_FRESH.toNanos()) {
            known = new KnownShards(openShards().stream().map(Shard::shardId).toList(), System.nanoTime());
            this.known = known;
        }
        return known.ids();
    }

    private record KnownShards(List<String> ids, long at) {}

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
        private final long interval = pollInterval.toMillis();

        StreamPending(String requestId, List<String> shards, List<String> iterators) {
            this.requestId = requestId;
            this.shards = shards;
            this.iterators = new ArrayList<>(iterators);
        }

        @Override
        public Optional<CommandResult> await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextRowRead = System.nanoTime() + ROW_READ_EVERY.toNanos();
            while (System.nanoTime() < deadline) {
                boolean rowTurn = System.nanoTime() >= nextRowRead;
                if (rowTurn) {
                    nextRowRead = System.nanoTime() + ROW_READ_EVERY.toNanos();
                }
                Optional<CommandResult> found = iterators.isEmpty() || rowTurn ? readRow(requestId) : pollOnce();
                if (found.isPresent()) {
                    return found;
                }
                try {
                    Thread.sleep(Math.min(interval, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return readRow(requestId);
        }

        private Optional<CommandResult> pollOnce() {
            boolean shardClosed = false;
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
                    if (r.nextShardIterator() == null) {
                        shardClosed = true;
                    }
                    for (var rec : r.records()) {
                        var image = rec.dynamodb().newImage();
                        if (image != null
                                && image.get("requestId") != null
                                && requestId.equals(image.get("requestId").s())) {
                            return Optional.of(CommandResultItems.fromItem(image));
                        }
                    }
                }
                if (shardClosed) {
                    // a shard closed and split: forget the list; read its children from their start
                    known = null;
                    for (String id : knownOpenShards()) {
                        if (!shards.contains(id)) {
                            shards.add(id);
                            iterators.add(iterator(id, ShardIteratorType.TRIM_HORIZON));
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
