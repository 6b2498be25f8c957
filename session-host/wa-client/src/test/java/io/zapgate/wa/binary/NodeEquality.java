package io.zapgate.wa.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: node equality that treats String content and byte[] content with the same UTF-8 as equal.
 * The wire cannot tell them apart when a string is sent raw (BINARY_x), and both references decode it as bytes.
 */
final class NodeEquality {
    private NodeEquality() {}

    static boolean sameOnTheWire(Node a, Node b) {
        if (!a.tag().equals(b.tag()) || !a.attrs().equals(b.attrs())) {
            return false;
        }
        Object x = a.content();
        Object y = b.content();
        if (x instanceof List<?> xs && y instanceof List<?> ys) {
            if (xs.size() != ys.size()) {
                return false;
            }
            for (int i = 0; i < xs.size(); i++) {
                if (!sameOnTheWire((Node) xs.get(i), (Node) ys.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof String || y instanceof String) {
            return Arrays.equals(bytes(x), bytes(y));
        }
        return a.equals(b);
    }

    private static byte[] bytes(Object content) {
        if (content instanceof byte[] b) {
            return b;
        }
        return content instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }
}
