package io.zapgate.wa.binary;

import java.util.HashMap;
import java.util.Map;

/**
 * The WhatsApp token dictionaries: strings that go on the wire as one byte (single-byte tokens) or as a
 * dictionary tag plus one byte (double-byte tokens). Use it when you need to know whether a string is a token
 * or which token version to announce; the codec uses it internally.
 *
 * <p>Data source: whatsmeow {@code binary/token/token.go} (see {@link TokenData}).
 */
public final class Tokens {
    /** Version of the token lists, sent in the connection intro. whatsmeow token.go {@code DictVersion}. */
    public static final int DICT_VERSION = 3;
    /** Entries in the single-byte table, including the unused "" at index 0. whatsmeow token.go. */
    public static final int SINGLE_BYTE_COUNT = 236;
    /** Number of double-byte dictionaries. whatsmeow token.go {@code DoubleByteTokens}. */
    public static final int DICTIONARY_COUNT = 4;
    /** Entries per double-byte dictionary. whatsmeow token.go {@code DoubleByteTokens}. */
    public static final int DICTIONARY_SIZE = 256;

    private static final Map<String, Integer> SINGLE_INDEX = new HashMap<>();
    private static final Map<String, Integer> DOUBLE_INDEX = new HashMap<>();

    static {
        String[] single = TokenData.SINGLE_BYTE;
        for (int i = 1; i < single.length; i++) {
            SINGLE_INDEX.put(single[i], i);
        }
        for (int dict = 0; dict < TokenData.DOUBLE_BYTE.length; dict++) {
            String[] tokens = TokenData.DOUBLE_BYTE[dict];
            for (int i = 0; i < tokens.length; i++) {
                DOUBLE_INDEX.put(tokens[i], dict * DICTIONARY_SIZE + i);
            }
        }
    }

    private Tokens() {}

    /**
     * Returns the single-byte token with the given index.
     *
     * @param index 1..235
     * @throws IllegalArgumentException if the index is out of range
     */
    public static String singleByte(int index) {
        if (index < 1 || index >= SINGLE_BYTE_COUNT) {
            throw new IllegalArgumentException("single-byte token index out of range: " + index);
        }
        return TokenData.SINGLE_BYTE[index];
    }

    /**
     * Returns the double-byte token at {@code index} in dictionary {@code dictionary}.
     *
     * @throws IllegalArgumentException if either index is out of range
     */
    public static String doubleByte(int dictionary, int index) {
        if (dictionary < 0 || dictionary >= DICTIONARY_COUNT || index < 0 || index >= DICTIONARY_SIZE) {
            throw new IllegalArgumentException("double-byte token out of range: " + dictionary + "/" + index);
        }
        return TokenData.DOUBLE_BYTE[dictionary][index];
    }

    /** Returns the single-byte index (1..235) of {@code value}, or -1 if it is not a single-byte token. */
    public static int singleByteIndex(String value) {
        Integer index = SINGLE_INDEX.get(value);
        return index == null ? -1 : index;
    }

    /**
     * Returns {@code dictionary * 256 + index} for a double-byte token, or -1 if {@code value} is not one.
     * The dictionary is {@code result >> 8}, the index byte is {@code result & 0xFF}.
     */
    public static int doubleByteIndex(String value) {
        Integer index = DOUBLE_INDEX.get(value);
        return index == null ? -1 : index;
    }
}
