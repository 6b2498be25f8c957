package io.zapgate.wa.binary;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Mutable builder for an immutable {@link Node}, keeping attributes in insertion (= wire) order.
 * Obtain one with {@link Node#builder(String)}.
 */
public final class NodeBuilder {
    private final String tag;
    private final LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();
    private Object content;

    NodeBuilder(String tag) {
        this.tag = Objects.requireNonNull(tag, "tag");
    }

    /**
     * Adds (or replaces) an attribute. {@code null} values are skipped (like whatsmeow omitting nil);
     * String and Jid values are kept as is; numbers and booleans are written as their decimal/text form.
     *
     * @throws IllegalArgumentException for any other value type
     */
    public NodeBuilder attr(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return this;
        }
        if (value instanceof String || value instanceof Jid) {
            attrs.put(key, value);
        } else if (value instanceof Number || value instanceof Boolean) {
            attrs.put(key, value.toString());
        } else {
            throw new IllegalArgumentException("attribute " + key + " must be String, Jid, number or boolean");
        }
        return this;
    }

    /** Sets byte content (copied when built). */
    public NodeBuilder content(byte[] bytes) {
        this.content = bytes;
        return this;
    }

    /** Sets string content. */
    public NodeBuilder content(String text) {
        this.content = text;
        return this;
    }

    /** Sets child nodes as content; an empty list is encoded as LIST_EMPTY content. */
    public NodeBuilder children(List<Node> children) {
        this.content = children;
        return this;
    }

    /** Sets child nodes as content. */
    public NodeBuilder children(Node... children) {
        return children(Arrays.asList(children));
    }

    /** Builds the node. @throws IllegalArgumentException if the node is invalid (see {@link Node}) */
    public Node build() {
        return new Node(tag, attrs, content);
    }
}
