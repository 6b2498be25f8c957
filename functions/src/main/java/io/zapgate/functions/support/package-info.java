/** Composition root of the functions: configuration and wiring of ports to use cases. */
package io.zapgate.functions.support;
