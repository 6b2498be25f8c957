package io.zapgate.core.instance;

/** The linked account's profile, filled in by the session host after linking (empty before). */
public record Profile(String name, String pictureUrl, boolean isBusiness, String businessName, String platform) {
    public static Profile empty() {
        return new Profile(null, null, false, null, null);
    }
}
