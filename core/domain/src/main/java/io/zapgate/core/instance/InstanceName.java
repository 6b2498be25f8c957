package io.zapgate.core.instance;

import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import java.util.regex.Pattern;

/** The rule for instance names: 1–64 characters of {@code [A-Za-z0-9_-]}. */
public final class InstanceName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final String RULE = "must be 1-64 characters of A-Z, a-z, 0-9, _ or -";

    private InstanceName() {}

    /** Returns the name if valid; a 400 with the contract's message if empty, else one naming the rule. */
    public static String require(String name) {
        if (name == null || name.isEmpty()) {
            throw ZapgateException.badRequest(Messages.INSTANCE_NAME_REQUIRED);
        }
        if (!VALID.matcher(name).matches()) {
            throw ZapgateException.badRequest("Invalid instance name: " + RULE);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
