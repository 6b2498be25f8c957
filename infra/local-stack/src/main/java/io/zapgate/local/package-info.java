/**
 * The local one-JVM stack: DynamoDB Local + ElasticMQ in-process, the template's tables and queues, and an
 * HTTP server that maps each request to an API Gateway HTTP API event and runs the template's handler.
 */
package io.zapgate.local;
