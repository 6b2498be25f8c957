package io.zapgate.wa.fake;

import io.zapgate.wa.crypto.KeyPair;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link FakeWhatsApp}. Start from {@link #defaults()} and change fields with the {@code with…}
 * methods. The server always binds 127.0.0.1.
 *
 * @param port WebSocket port, 0 for an ephemeral one
 * @param phoneNumber the fake phone's number (account user), digits only
 * @param lidUser the account's LID user part
 * @param platform the primary's platform sent in pair-success ({@code android}, {@code smba} …)
 * @param firstDeviceId device id given to the first linked companion; later ones count up
 * @param rootKey the TEST root key signing the Noise certificate chain; empty = a fresh random one
 * @param phoneIdentity the phone's identity key (signs ADV identities); empty = a fresh random one
 * @param clock time source for timestamps and ban expiry
 */
public record FakeWhatsAppOptions(int port, String phoneNumber, String lidUser, String platform,
        int firstDeviceId, Optional<KeyPair> rootKey, Optional<KeyPair> phoneIdentity, Clock clock) {
    /** The default phone number (as in the wire log). */
    public static final String DEFAULT_PHONE = "15551234567";
    /** The default LID user (as in the wire log). */
    public static final String DEFAULT_LID = "987654321012345";

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
    }

    /** Ephemeral port, phone 15551234567, LID 987654321012345, platform android, devices from 1, random keys. */
    public static FakeWhatsAppOptions defaults() {
        return new FakeWhatsAppOptions(0, DEFAULT_PHONE, DEFAULT_LID, "android", 1, Optional.empty(),
                Optional.empty(), Clock.systemUTC());
    }

    /** @return a copy with another WebSocket port (0 = ephemeral) */
    public FakeWhatsAppOptions withPort(int newPort) {
        return new FakeWhatsAppOptions(newPort, phoneNumber, lidUser, platform, firstDeviceId, rootKey,
                phoneIdentity, clock);
    }

    /** @return a copy with another phone number */
    public FakeWhatsAppOptions withPhoneNumber(String number) {
        return new FakeWhatsAppOptions(port, number, lidUser, platform, firstDeviceId, rootKey, phoneIdentity,
                clock);
    }

    /** @return a copy with another LID user */
    public FakeWhatsAppOptions withLidUser(String lid) {
        return new FakeWhatsAppOptions(port, phoneNumber, lid, platform, firstDeviceId, rootKey, phoneIdentity,
                clock);
    }

    /** @return a copy with another first device id */
    public FakeWhatsAppOptions withFirstDeviceId(int deviceId) {
        return new FakeWhatsAppOptions(port, phoneNumber, lidUser, platform, deviceId, rootKey, phoneIdentity,
                clock);
    }

    /** @return a copy with a fixed TEST root key (stable across restarts, e.g. for a demo) */
    public FakeWhatsAppOptions withRootKey(KeyPair root) {
        return new FakeWhatsAppOptions(port, phoneNumber, lidUser, platform, firstDeviceId,
                Optional.of(root), phoneIdentity, clock);
    }

    /** @return a copy with a fixed phone identity key */
    public FakeWhatsAppOptions withPhoneIdentity(KeyPair identity) {
        return new FakeWhatsAppOptions(port, phoneNumber, lidUser, platform, firstDeviceId, rootKey,
                Optional.of(identity), clock);
    }

    /** @return a copy with another clock */
    public FakeWhatsAppOptions withClock(Clock newClock) {
        return new FakeWhatsAppOptions(port, phoneNumber, lidUser, platform, firstDeviceId, rootKey,
                phoneIdentity, newClock);
    }

    private static void requireDigits(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(Character::isDigit)
                || value.charAt(0) == '0') {
            throw new IllegalArgumentException(what + " must be digits without a leading 0: " + value);
        }
    }
}
