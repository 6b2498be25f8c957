package io.zapgate.core.instance;

import io.zapgate.core.error.ZapgateException;

/**
 * An S3 update: null fields keep their current value; {@code enabled=false} deletes the credentials. An
 * enabled block needs bucket, access key and secret key; region defaults to us-east-1.
 */
public record S3Patch(
        Boolean enabled,
        String region,
        String bucket,
        String accessKey,
        String secretKey,
        String endpoint,
        String pathPrefix) {

    public boolean isEmpty() {
        return enabled == null
                && region == null
                && bucket == null
                && accessKey == null
                && secretKey == null
                && endpoint == null
                && pathPrefix == null;
    }

    public S3Settings applyTo(S3Settings current, Fields f) {
        boolean on = enabled != null ? enabled : current.enabled();
        if (!on) {
            return S3Settings.disabled();
        }
        String r = pick(region, current.region(), f.name("region"));
        String b = pick(bucket, current.bucket(), f.name("bucket"));
        String ak = pick(accessKey, current.accessKey(), f.name("accessKey"));
        String sk = pick(secretKey, current.secretKey(), f.name("secretKey"));
        String ep = endpoint != null
                ? (endpoint.isEmpty() ? null : ConfigRules.httpUrl(f.name("endpoint"), endpoint))
                : current.endpoint();
        String pp = pick(pathPrefix, current.pathPrefix(), f.name("pathPrefix"));
        if (b == null || !b.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw ZapgateException.badRequest(f.name("bucket") + " must be a valid S3 bucket name");
        }
        if (ak == null) {
            throw ZapgateException.badRequest(f.name("accessKey") + " is required when S3 is enabled");
        }
        if (sk == null) {
            throw ZapgateException.badRequest(f.name("secretKey") + " is required when S3 is enabled");
        }
        if (r != null && !r.matches("[a-z0-9-]{2,32}")) {
            throw ZapgateException.badRequest(f.name("region") + " must be an AWS region name like us-east-1");
        }
        return new S3Settings(true, r == null ? "us-east-1" : r, b, ak, sk, ep, pp);
    }

    private static String pick(String value, String current, String field) {
        if (value == null) {
            return current;
        }
        return value.isEmpty() ? null : ConfigRules.text(field, value);
    }
}
