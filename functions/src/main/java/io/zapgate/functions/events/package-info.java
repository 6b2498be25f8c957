/** Edge: SQS-triggered functions that deliver instance events (webhooks). */
package io.zapgate.functions.events;
