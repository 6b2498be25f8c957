/** Application layer: one class per use case, calling ports only. */
package io.zapgate.core.usecase;
