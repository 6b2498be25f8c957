/** Operations: health endpoints and CloudWatch metrics (Embedded Metric Format) of the session host. */
package io.zapgate.sessionhost.ops;
