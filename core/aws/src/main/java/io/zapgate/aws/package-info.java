/** Adapters: DynamoDB and SQS implementations of the core ports. SDK exceptions never cross a port. */
package io.zapgate.aws;
