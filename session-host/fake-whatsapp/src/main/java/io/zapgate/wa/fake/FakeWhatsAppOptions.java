package io.zapgate.wa.fake;

import io.zapgate.wa.crypto.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link FakeWhatsApp}. Start from {@link #defaults()} and change fields with the {@code with…}
 * methods. The server always binds 127.0.0.1. By default it is as strict as the real server: every login gets
 * an offline burst whose stanzas must be acked in time, and a too-old client version is refused (once a
 * minimum is set).
 *
 * @param port WebSocket port, 0 for an ephemeral one
 * @param phoneNumber the fake phone's number (account user), digits only
 * @param lidUser the account's LID user part
 * @param platform the primary's platform sent in pair-success ({@code android}, {@code smba} …)
 * @param firstDeviceId device id given to the first linked companion; later ones count up
 * @param rootKey the TEST root key signing the Noise certificate chain; empty = a fresh random one
 * @param phoneIdentity the phone's identity key (signs ADV identities); empty = a fresh random one
 * @param clock time source for timestamps and ban expiry
 * @param offlineBurst what each login gets after it sets itself active when nothing is queued for the device
 *     (default {@link PushKind#DEFAULT_BURST}; empty = no burst)
 * @param strictAcks whether a stanza not correctly acked within {@code ackDeadline} ends the connection with
 *     {@code <stream:error><ack id/></stream:error>} (default true); acks are checked and recorded either way
 * @param ackDeadline how long a client has to ack a pushed stanza (default 10 s)
 * @param minimumVersion logins and registrations whose {@code userAgent.appVersion} is below get
 *     {@code <failure reason="405"/>} (default {@link ServedVersion#ZERO}: accept any)
 * @param currentVersion the version served as {@code client_revision} on the version pages (default
 *     {@link ServedVersion#DEFAULT_CURRENT}, raised to {@code minimumVersion} if that is higher)
 */
public record FakeWhatsAppOptions(
        int port,
        String phoneNumber,
        String lidUser,
        String platform,
        int firstDeviceId,
        Optional<KeyPair> rootKey,
        Optional<KeyPair> phoneIdentity,
        Clock clock,
        List<PushKind> offlineBurst,
        boolean strictAcks,
        Duration ackDeadline,
        ServedVersion minimumVersion,
        ServedVersion currentVersion) {
    /** The default phone number (as in the wire log). */
    public static final String DEFAULT_PHONE = "15551234567";
    /** The default LID user (as in the wire log). */
    public static final String DEFAULT_LID = "987654321012345";
    /** The default {@link #ackDeadline()}. */
    public static final Duration DEFAULT_ACK_DEADLINE = Duration.ofSeconds(10);

    /** Validates the settings. */
    public FakeWhatsAppOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requireDigits(phoneNumber, "phoneNumber");
        requireDigits(lidUser, "lidUser");
        Objects.requireNonNull(platform, "platform");
        if (firstDeviceId < 1 || firstDeviceId > 99) {
            throw new IllegalArgumentException("firstDeviceId must be 1..99");
        }
        Objects.requireNonNull(rootKey, "rootKey");
        Objects.requireNonNull(phoneIdentity, "phoneIdentity");
        Objects.requireNonNull(clock, "clock");
        offlineBurst = List.copyOf(offlineBurst);
        if (ackDeadline.isNegative() || ackDeadline.isZero()) {
            throw new IllegalArgumentException("ackDeadline must be positive");
        }
        Objects.requireNonNull(minimumVersion, "minimumVersion");
        currentVersion = currentVersion.isBelow(minimumVersion) ? minimumVersion : currentVersion;
    }

    /**
     * Ephemeral port, phone 15551234567, LID 987654321012345, platform android, devices from 1, random keys,
     * default offline burst, strict acks within 10 s, any client version accepted, current 2.3000.1045649367.
     */
    public static FakeWhatsAppOptions defaults() {
        return new FakeWhatsAppOptions(
                0,
                DEFAULT_PHONE,
                DEFAULT_LID,
                "android",
                1,
                Optional.empty(),
                Optional.empty(),
                Clock.systemUTC(),
                PushKind.DEFAULT_BURST,
                true,
                DEFAULT_ACK_DEADLINE,
                ServedVersion.ZERO,
                ServedVersion.DEFAULT_CURRENT);
    }

    /** @return a copy with another WebSocket port (0 = ephemeral) */
    public FakeWhatsAppOptions withPort(int newPort) {
        return new FakeWhatsAppOptions(
                newPort,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with another phone number */
    public FakeWhatsAppOptions withPhoneNumber(String number) {
        return new FakeWhatsAppOptions(
                port,
                number,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with another LID user */
    public FakeWhatsAppOptions withLidUser(String lid) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lid,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with another first device id */
    public FakeWhatsAppOptions withFirstDeviceId(int deviceId) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                deviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with a fixed TEST root key (stable across restarts, e.g. for a demo) */
    public FakeWhatsAppOptions withRootKey(KeyPair root) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                Optional.of(root),
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with a fixed phone identity key */
    public FakeWhatsAppOptions withPhoneIdentity(KeyPair identity) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                Optional.of(identity),
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with another clock */
    public FakeWhatsAppOptions withClock(Clock newClock) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                newClock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy whose logins get these stanzas after {@code <active/>} (empty list = no burst) */
    public FakeWhatsAppOptions withOfflineBurst(List<PushKind> burst) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                burst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with the default offline burst ({@code true}) or none ({@code false}) */
    public FakeWhatsAppOptions withOfflineBurst(boolean on) {
        return withOfflineBurst(on ? PushKind.DEFAULT_BURST : List.of());
    }

    /** @return a copy that ends ({@code true}) or keeps ({@code false}) connections that miss an ack deadline */
    public FakeWhatsAppOptions withStrictAcks(boolean strict) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strict,
                ackDeadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy with another ack deadline (tests use a short one) */
    public FakeWhatsAppOptions withAckDeadline(Duration deadline) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                deadline,
                minimumVersion,
                currentVersion);
    }

    /** @return a copy refusing clients below {@code minimum} with 405 ({@link ServedVersion#ZERO} = accept any) */
    public FakeWhatsAppOptions withMinimumVersion(ServedVersion minimum) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimum,
                currentVersion);
    }

    /** @return a copy serving {@code current} on the version pages */
    public FakeWhatsAppOptions withCurrentVersion(ServedVersion current) {
        return new FakeWhatsAppOptions(
                port,
                phoneNumber,
                lidUser,
                platform,
                firstDeviceId,
                rootKey,
                phoneIdentity,
                clock,
                offlineBurst,
                strictAcks,
                ackDeadline,
                minimumVersion,
                current);
    }

    private static void requireDigits(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()
                || value.length() > 20
                || !value.chars().allMatch(Character::isDigit)
                || value.charAt(0) == '0') {
            throw new IllegalArgumentException(what + " must be digits without a leading 0: " + value);
        }
    }
}
