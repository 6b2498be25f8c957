/** Domain layer: the ports adapters implement (DynamoDb* in core/aws, InMemory* in tests). */
package io.zapgate.core.port;
