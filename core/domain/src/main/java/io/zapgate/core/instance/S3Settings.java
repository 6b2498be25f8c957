package io.zapgate.core.instance;

/** Where media goes. The secret key is plaintext here, encrypted at rest, never returned or printed. */
public record S3Settings(
        boolean enabled,
        String region,
        String bucket,
        String accessKey,
        String secretKey,
        String endpoint,
        String pathPrefix) {

    public static S3Settings disabled() {
        return new S3Settings(false, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "S3Settings[enabled=" + enabled + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? "null" : "***") + ", endpoint=" + endpoint
                + ", pathPrefix=" + pathPrefix + "]";
    }
}
