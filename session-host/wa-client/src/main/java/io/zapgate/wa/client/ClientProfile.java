package io.zapgate.wa.client;

import io.zapgate.wa.proto.DeviceProps;
import java.util.Objects;

/**
 * How this companion presents itself (spec §2.2, §2.5, §4.1 step 5, §5.1 step 4): the WhatsApp Web version in
 * the UserAgent and the build hash, the name and platform the phone shows under "Linked devices", and the
 * locale. Immutable; change a value with the {@code with*} methods.
 *
 * <p>The app version here is only the default: payloads carry the version in force of
 * {@link WaClientOptions#versions()} (an {@link AppVersionProvider}), which is {@code fixed(profile.appVersion())}
 * unless another provider is set. {@link #DEFAULT}'s version is the built-in fallback when fetching fails.
 *
 * @param appPrimary app version primary (2)
 * @param appSecondary app version secondary (3000)
 * @param appTertiary app version tertiary (the build, e.g. 1045649367)
 * @param os DeviceProps.os, the device name shown on the phone
 * @param platformType DeviceProps.platformType; also decides the QR/pairing client type
 * @param browserDisplay browser part of {@code companion_platform_display}, e.g. "Chrome"
 * @param osDisplay OS part of {@code companion_platform_display}, e.g. "Linux"
 * @param language locale language (ISO 639-1)
 * @param country locale country (ISO 3166-1 alpha-2)
 */
public record ClientProfile(
        int appPrimary,
        int appSecondary,
        int appTertiary,
        String os,
        DeviceProps.PlatformType platformType,
        String browserDisplay,
        String osDisplay,
        String language,
        String country) {

    /**
     * Defaults: WhatsApp Web 2.3000.1045649367 (whatsmeow {@code store/clientpayload.go} waVersion; the only
     * place the built-in version is written down), os "Zapgate", Chrome on Linux, en-US.
     */
    public static final ClientProfile DEFAULT = new ClientProfile(
            2, 3000, 1045649367, "Zapgate", DeviceProps.PlatformType.CHROME, "Chrome", "Linux", "en", "US");

    /** Validates the components. */
    public ClientProfile {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(platformType, "platformType");
        Objects.requireNonNull(browserDisplay, "browserDisplay");
        Objects.requireNonNull(osDisplay, "osDisplay");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(country, "country");
    }

    /** @return this profile with another app version */
    public ClientProfile withAppVersion(int primary, int secondary, int tertiary) {
        return new ClientProfile(
                primary, secondary, tertiary, os, platformType, browserDisplay, osDisplay, language, country);
    }

    /** @return this profile with another device name (DeviceProps.os) */
    public ClientProfile withOs(String value) {
        return new ClientProfile(
                appPrimary,
                appSecondary,
                appTertiary,
                value,
                platformType,
                browserDisplay,
                osDisplay,
                language,
                country);
    }

    /** @return the app version of this profile */
    public WaVersion appVersion() {
        return new WaVersion(appPrimary, appSecondary, appTertiary);
    }

    /** @return the version string {@code P.S.T} whose MD5 is the build hash */
    public String versionString() {
        return appVersion().toString();
    }

    /** @return {@code "Browser (OS)"} as sent in {@code companion_platform_display} */
    public String platformDisplay() {
        return browserDisplay + " (" + osDisplay + ")";
    }

    /**
     * The companion client type for the QR's 5th field and {@code companion_platform_id} (spec §4.1 step 5):
     * 1 Chrome, 2 Edge, 3 Firefox, 4 IE, 5 Opera, 6 Safari, 7 Electron (desktop), 8 UWP, otherwise 9.
     */
    public String clientType() {
        return switch (platformType) {
            case CHROME -> "1";
            case EDGE -> "2";
            case FIREFOX -> "3";
            case IE -> "4";
            case OPERA -> "5";
            case SAFARI -> "6";
            case DESKTOP -> "7";
            case UWP -> "8";
            default -> "9";
        };
    }
}
