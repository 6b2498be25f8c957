/** Adapter layer of the session host: reads the FIFO command queue and hands each command to the session logic. */
package io.zapgate.sessionhost.queue;
