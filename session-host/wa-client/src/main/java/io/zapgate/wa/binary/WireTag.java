package io.zapgate.wa.binary;

/**
 * Tag bytes of the binary node format.
 *
 * <p>Source of every value: whatsmeow {@code binary/token/token.go} (the {@code ListEmpty ... Nibble8} and
 * {@code PackedMax} constants); same values as Baileys {@code TAGS} in {@code src/WABinary/constants.ts}.
 */
final class WireTag {
    private WireTag() {}

    /** Empty list, null content, or "no user" inside a JID pair. whatsmeow token.go {@code ListEmpty}. */
    static final int LIST_EMPTY = 0;
    /** First double-byte dictionary tag; DICTIONARY_n = 236 + n. whatsmeow token.go {@code Dictionary0}. */
    static final int DICTIONARY_0 = 236;
    /** Last double-byte dictionary tag. whatsmeow token.go {@code Dictionary3}. */
    static final int DICTIONARY_3 = 239;
    /** user, device u16, integrator u16, server. whatsmeow token.go {@code InteropJID}. */
    static final int INTEROP_JID = 245;
    /** user, device u16, server. whatsmeow token.go {@code FBJID}. */
    static final int FB_JID = 246;
    /** domain/agent byte, device byte, user. whatsmeow token.go {@code ADJID}. */
    static final int AD_JID = 247;
    /** List with a 1-byte size. whatsmeow token.go {@code List8}. */
    static final int LIST_8 = 248;
    /** List with a 2-byte big-endian size. whatsmeow token.go {@code List16}. */
    static final int LIST_16 = 249;
    /** user (or LIST_EMPTY) then server. whatsmeow token.go {@code JIDPair}. */
    static final int JID_PAIR = 250;
    /** Packed upper-case hex string. whatsmeow token.go {@code Hex8}. */
    static final int HEX_8 = 251;
    /** Bytes with a 1-byte length. whatsmeow token.go {@code Binary8}. */
    static final int BINARY_8 = 252;
    /** Bytes with a 20-bit length in 3 bytes. whatsmeow token.go {@code Binary20}. */
    static final int BINARY_20 = 253;
    /** Bytes with a 4-byte big-endian length. whatsmeow token.go {@code Binary32}. */
    static final int BINARY_32 = 254;
    /** Packed decimal string (0-9, '-', '.'). whatsmeow token.go {@code Nibble8}. */
    static final int NIBBLE_8 = 255;
    /** Maximum number of characters in a packed string. whatsmeow token.go {@code PackedMax}. */
    static final int PACKED_MAX = 127;
}
