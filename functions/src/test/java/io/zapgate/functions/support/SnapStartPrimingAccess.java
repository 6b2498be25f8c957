package io.zapgate.functions.support;

import java.util.List;

/** Test access to {@link SnapStartPriming}'s package-private view. */
public final class SnapStartPrimingAccess {
    private SnapStartPrimingAccess() {}

    public static List<String> registered() {
        return SnapStartPriming.registered();
    }
}
