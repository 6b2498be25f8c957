/** Domain layer: commands from the API to the session host, and the bus port that carries them. */
package io.zapgate.core.command;
