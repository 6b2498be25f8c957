package io.zapgate.aws.local;

import java.net.URI;

/** Where a local (or LocalStack) DynamoDB and SQS answer, with the region and dummy credentials they accept. */
public record AwsEndpoints(URI dynamoDb, URI sqs, String region, String accessKey, String secretKey) {}
