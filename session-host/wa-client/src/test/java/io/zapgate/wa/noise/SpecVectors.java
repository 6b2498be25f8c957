package io.zapgate.wa.noise;

import io.zapgate.wa.crypto.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;

/** The spec §1.8 handshake vector (whatsapp-multidevice.md), split into frames. */
final class SpecVectors {
    static final HexFormat HEX = HexFormat.of();

    static final String WS1 = "5741060300002412220a20a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209";
    static final String WS2 = "00006e1a6c0a205dfedd3b6bd47f6fa28ee15d969d5bb0ea53774d488bdaf9df1c6e0124b3ef22"
            + "1230fad351e77ceb11c0a3c7a310c84044831d305ad1677bb5b736eff6f6392eee8cdc9e71ab200c437245ad235dd9ed"
            + "16941a160f34bdd9ceece03815e71fe75307fcb34eea73c06f59";
    static final String WS3 = "000051224f0a306f7715b54f3863d7c6b58baab8f65a070327545ff9ce8db3e46a1e6447aaea6fd3"
            + "50115aeeb810b3dd7c05329f494b04121b315cb1b3e19527e02531f97eb51299b603bb690e9261c05bdbff30";
    static final String CERT_PLAINTEXT = "0a0412020801";
    static final String CLIENT_PAYLOAD = "088784b4f7391801900103";
    static final String SUCCESS_PLAINTEXT = "00f8034c1aff051700000000";
    static final String SUCCESS_WS = "00001c12b2b19fb4c18de07fb0d64d3928c6e040562ab14b4138075a188936";
    static final String CLIENT_NODE_PLAINTEXT = "00f80919085511fa000304291657";
    static final String CLIENT_NODE_WS = "00001ed03d002a84ca399b9c53e9ea45605125a97ee9efe06f5d03bf1740ba440e";
    static final String KEY_C2S = "f10d8344bf33545050601629f58c5b0fe21b913641d2eeb1f5b49d07a5a6cffe";
    static final String KEY_S2C = "d18c191f5a5bbf1a8f8b5d4713aebc66fb7335f082e1131687d8354d196d8b85";

    private SpecVectors() {}

    /** Private key = 32 bytes of v with the first byte {@code &= 248}. */
    static KeyPair key(int v) {
        byte[] priv = new byte[32];
        Arrays.fill(priv, (byte) v);
        priv[0] &= (byte) 248;
        return KeyPair.fromPrivate(priv);
    }

    /** Strips the 3-byte length prefix (and the 4 intro bytes, if {@code intro}) and checks the length. */
    static byte[] payload(String wsHex, boolean intro) {
        byte[] ws = HEX.parseHex(wsHex);
        int off = intro ? 4 : 0;
        int len = ((ws[off] & 0xFF) << 16) | ((ws[off + 1] & 0xFF) << 8) | (ws[off + 2] & 0xFF);
        if (len != ws.length - off - 3) {
            throw new AssertionError("bad vector frame length");
        }
        return Arrays.copyOfRange(ws, off + 3, ws.length);
    }
}
