/**
 * How the session hosts share the work (docs/fleet.md): the fair share of sessions per live host and the janitor
 * that cleans up after hosts that died.
 */
package io.zapgate.sessionhost.fleet;
