/** Domain layer: the instance aggregate, its configuration blocks and its connection state. No AWS, no JSON. */
package io.zapgate.core.instance;
