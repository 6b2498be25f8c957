package io.zapgate.core.error;

/** The literal messages of the contract (`docs/instance-api.md`): clients match on them. */
public final class Messages {
    public static final String MISSING_TOKEN = "Missing token in header";
    public static final String INVALID_TOKEN = "Invalid token";
    public static final String INVALID_INSTANCE_TOKEN = "Invalid instance token";
    public static final String INSTANCE_NOT_FOUND = "Instance not found";
    public static final String INSTANCE_NAME_REQUIRED = "Instance name is required";
    public static final String QUOTA_EXCEEDED = "Account instance quota exceeded";
    public static final String RATE_LIMITED = "Rate limit exceeded. Try again later.";
    public static final String INSTANCE_NAME_TAKEN = "Instance name already exists";
    public static final String TOKEN_TAKEN = "Token already in use";
    /** 409 when a configuration update lost the race to other writers too many times in a row. */
    public static final String CONCURRENT_UPDATE = "Instance is being updated concurrently; try again";

    private Messages() {}
}
