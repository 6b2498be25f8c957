/**
 * Edge layer: the WebSocket event stream's Lambda handlers — {@code $connect}, {@code $disconnect} and
 * {@code $default} behind API Gateway's WebSocket API, and the consumer of the stream event queue that
 * pushes events to connections — with their composition root.
 */
package io.zapgate.functions.ws;
