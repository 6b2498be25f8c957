package io.zapgate.wa.crypto;

import java.security.SecureRandom;

/**
 * Signal registration id. Generated values are 14-bit like libsignal's {@code KeyHelper} and Baileys
 * ({@code random16 & 0x3FFF}, spec §2.4); stored values are accepted as any uint32 (whatsmeow generates a
 * random uint32, {@code store/sqlstore/container.go} {@code NewDevice}). On the wire: 4 bytes BE (spec §2.4
 * eRegid).
 *
 * @param value the id, read as an unsigned 32-bit integer
 */
public record RegistrationId(int value) {
    /** 14-bit mask (Baileys {@code generateRegistrationId}: {@code & 16383}). */
    public static final int MASK_14_BIT = 0x3FFF;

    /** A fresh id in 1..16383 (0 is skipped so the id is never "unset"). */
    public static RegistrationId generate(SecureRandom random) {
        int id;
        do {
            id = random.nextInt() & MASK_14_BIT;
        } while (id == 0);
        return new RegistrationId(id);
    }

    public static RegistrationId generate() {
        return generate(SecureRandoms.shared());
    }

    /** Reads 4 big-endian bytes. */
    public static RegistrationId fromBytes(byte[] be) {
        if (be == null || be.length != 4) {
            throw new IllegalArgumentException("registration id must be 4 bytes");
        }
        return new RegistrationId(
                ((be[0] & 0xFF) << 24) | ((be[1] & 0xFF) << 16) | ((be[2] & 0xFF) << 8) | (be[3] & 0xFF));
    }

    /** 4 bytes big-endian (spec §2.4 eRegid). */
    public byte[] toBytes() {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The id as an unsigned value. */
    public long unsignedValue() {
        return Integer.toUnsignedLong(value);
    }
}
