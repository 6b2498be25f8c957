package io.zapgate.wa.fake;

import io.zapgate.wa.proto.ClientPayload;
import java.util.Comparator;
import java.util.Objects;

/**
 * The fake server's idea of a WhatsApp Web version {@code primary.secondary.tertiary} (the client has its own {@code io.zapgate.wa.client.WaVersion}), e.g. {@code 2.3000.1045649367} (the tertiary part
 * is the web build, the {@code client_revision} of web.whatsapp.com). Compared component by component. Used by
 * the fake's minimum/current version ({@link FakeWhatsAppOptions#minimumVersion()}).
 *
 * @param primary e.g. 2
 * @param secondary e.g. 3000
 * @param tertiary the build number, 0..4294967295 (uint32 on the wire)
 */
public record ServedVersion(long primary, long secondary, long tertiary) implements Comparable<ServedVersion> {
    /** 0.0.0: as a minimum, accepts every client. */
    public static final ServedVersion ZERO = new ServedVersion(0, 0, 0);
    /** The default current version (whatsmeow's default web version at the commit the spec cites). */
    public static final ServedVersion DEFAULT_CURRENT = new ServedVersion(2, 3000, 1045649367L);

    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final Comparator<ServedVersion> ORDER = Comparator.comparingLong(ServedVersion::primary)
            .thenComparingLong(ServedVersion::secondary)
            .thenComparingLong(ServedVersion::tertiary);

    /** Range checks (each part is a uint32 in {@code ClientPayload.UserAgent.AppVersion}). */
    public ServedVersion {
        for (long part : new long[] {primary, secondary, tertiary}) {
            if (part < 0 || part > UINT32_MAX) {
                throw new IllegalArgumentException("version part out of range: " + part);
            }
        }
    }

    /**
     * Parses {@code P.S.T}, or a bare build number {@code T} meaning {@code 2.3000.T} (how web clients build the
     * version from {@code client_revision}); {@code 0} is {@link #ZERO}.
     *
     * @throws IllegalArgumentException if malformed
     */
    public static ServedVersion parse(String text) {
        Objects.requireNonNull(text, "version");
        String[] parts = text.strip().split("\\.", -1);
        try {
            if (parts.length == 1) {
                long build = Long.parseLong(parts[0]);
                return build == 0 ? ZERO : new ServedVersion(2, 3000, build);
            }
            if (parts.length == 3) {
                return new ServedVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed version: " + text, e);
        }
        throw new IllegalArgumentException("malformed version (want P.S.T or a build number): " + text);
    }

    /** The {@code userAgent.appVersion} of a ClientPayload (0.0.0 when absent). */
    static ServedVersion of(ClientPayload payload) {
        ClientPayload.UserAgent.AppVersion v = payload.getUserAgent().getAppVersion();
        return new ServedVersion(
                Integer.toUnsignedLong(v.getPrimary()),
                Integer.toUnsignedLong(v.getSecondary()),
                Integer.toUnsignedLong(v.getTertiary()));
    }

    /** Whether this version is strictly older than {@code other}. */
    public boolean isBelow(ServedVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ServedVersion other) {
        return ORDER.compare(this, other);
    }

    /** {@code P.S.T}. */
    @Override
    public String toString() {
        return primary + "." + secondary + "." + tertiary;
    }
}
