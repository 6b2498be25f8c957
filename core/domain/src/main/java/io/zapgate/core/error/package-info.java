/** Domain layer: the error family shared by every use case; HTTP mapping lives at the edge. */
package io.zapgate.core.error;
