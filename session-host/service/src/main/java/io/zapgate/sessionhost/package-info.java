/**
 * The session host (ECS, long-lived): configuration, composition root and entry point. Its layers are the
 * session logic ({@code session}), the command queue adapter ({@code queue}) and the saved-session store
 * ({@code store}).
 */
package io.zapgate.sessionhost;
