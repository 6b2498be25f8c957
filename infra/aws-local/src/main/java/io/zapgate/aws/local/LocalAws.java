package io.zapgate.aws.local;

/** A running DynamoDB + SQS pair for local use or tests; closing it stops what it started. */
public interface LocalAws extends AutoCloseable {
    AwsEndpoints endpoints();

    @Override
    void close();
}
