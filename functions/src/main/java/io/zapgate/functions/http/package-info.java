/** Edge: API Gateway HTTP handlers. Thin: parse, authorize, call one use case, map the result. */
package io.zapgate.functions.http;
