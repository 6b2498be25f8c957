package io.zapgate.wa.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable element of a WhatsApp binary XML stanza: a tag, ordered attributes and optional content.
 * Build outgoing stanzas with {@link #builder(String)}; read incoming ones with the helpers.
 *
 * <p>Attribute values are {@link String} or {@link Jid} (JID-typed values are encoded as JID tokens, strings never
 * are). Content is {@code null} (none), {@code byte[]}, {@code String}, {@code Jid} (rare; only decoded) or
 * {@code List<Node>} (possibly empty). Byte arrays are copied on the way in and out.
 */
public final class Node {
    /** Most children one list can hold (LIST_16 size). whatsmeow binary/encoder.go {@code writeListStart}. */
    public static final int MAX_CHILDREN = 0xFFFF;
    /** Most attributes one node can hold: 1 + 2*attrs + 1 must fit LIST_16. whatsmeow binary/encoder.go. */
    public static final int MAX_ATTRIBUTES = (0xFFFF - 2) / 2;

    private final String tag;
    private final Map<String, Object> attrs;
    private final Object content;

    /**
     * Creates a node, validating and copying its parts.
     *
     * @throws IllegalArgumentException on an empty tag, a value that is not String/Jid, unsupported content, or
     *     more than {@link #MAX_ATTRIBUTES} attributes / {@link #MAX_CHILDREN} children
     */
    public Node(String tag, Map<String, ?> attrs, Object content) {
        this(tag, copyAttrs(attrs), copyContent(content), true);
    }

    /** Shared constructor; {@code owned} only disambiguates the signature: parts are already copied/checked. */
    private Node(String tag, Map<String, Object> attrs, Object content, boolean owned) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("empty tag");
        }
        this.tag = tag;
        this.attrs = Collections.unmodifiableMap(attrs);
        this.content = content;
    }

    /** For the decoder: takes ownership of already-validated parts without copying. */
    static Node trusted(String tag, LinkedHashMap<String, Object> attrs, Object content) {
        return new Node(tag, attrs, content, true);
    }

    /** A node with no attributes and no content, e.g. {@code <ping/>}. */
    public static Node of(String tag) {
        return new Node(tag, Map.of(), null);
    }

    /** Starts building a node with the given tag. */
    public static NodeBuilder builder(String tag) {
        return new NodeBuilder(tag);
    }

    /** The element name, e.g. {@code iq}; never empty. */
    public String tag() {
        return tag;
    }

    /** The attributes in wire order (unmodifiable); values are String or Jid. */
    public Map<String, Object> attrs() {
        return attrs;
    }

    /** The content: null, a copy of the byte[], a String, a Jid, or an unmodifiable List of nodes. */
    public Object content() {
        return content instanceof byte[] b ? b.clone() : content;
    }

    /** Content without a defensive copy, for the encoder. */
    Object rawContent() {
        return content;
    }

    /** The child nodes, or an empty list if the content is not a list. */
    @SuppressWarnings("unchecked")
    public List<Node> children() {
        return content instanceof List<?> list ? (List<Node>) list : List.of();
    }

    /** The children with the given tag, in order. */
    public List<Node> children(String childTag) {
        return children().stream().filter(n -> n.tag.equals(childTag)).toList();
    }

    /** The first child with the given tag. */
    public Optional<Node> child(String childTag) {
        return children().stream().filter(n -> n.tag.equals(childTag)).findFirst();
    }

    /** The attribute as a string (a Jid value is rendered with {@link Jid#toString()}). */
    public Optional<String> attr(String key) {
        return Optional.ofNullable(attrs.get(key)).map(Object::toString);
    }

    /**
     * The attribute as a Jid. Lenient: accepts a JID-typed value or a string that {@link Jid#parse} accepts
     * (peers differ in how they send JIDs); empty if absent or unparseable.
     */
    public Optional<Jid> jidAttr(String key) {
        Object value = attrs.get(key);
        if (value instanceof Jid jid) {
            return Optional.of(jid);
        }
        try {
            return value == null ? Optional.empty() : Optional.of(Jid.parse((String) value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The content as bytes: a copy of byte[] content, or the UTF-8 of String/Jid content; empty otherwise. */
    public Optional<byte[]> contentBytes() {
        if (content instanceof byte[] b) {
            return Optional.of(b.clone());
        }
        return contentString().map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** The content as text: String content, a Jid's string form, or byte[] content decoded as UTF-8. */
    public Optional<String> contentString() {
        if (content instanceof byte[] b) {
            return Optional.of(new String(b, StandardCharsets.UTF_8));
        }
        return content instanceof String || content instanceof Jid ? Optional.of(content.toString()) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node other
                && tag.equals(other.tag)
                && attrs.equals(other.attrs)
                && (content instanceof byte[] b
                        ? other.content instanceof byte[] ob && Arrays.equals(b, ob)
                        : Objects.equals(content, other.content));
    }

    @Override
    public int hashCode() {
        int contentHash = content instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(content);
        return (tag.hashCode() * 31 + attrs.hashCode()) * 31 + contentHash;
    }

    /**
     * XML-like rendering for logs; byte content is shown only by its length (it may hold keys) and strings longer
     * than 200 characters are cut.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(tag);
        attrs.forEach((k, v) ->
                sb.append(' ').append(k).append("=\"").append(abbreviate(v)).append('"'));
        if (content == null) {
            return sb.append("/>").toString();
        }
        sb.append('>');
        if (content instanceof byte[] b) {
            sb.append('[').append(b.length).append(" bytes]");
        } else if (content instanceof List<?> list) {
            list.forEach(sb::append);
        } else {
            sb.append(abbreviate(content));
        }
        return sb.append("</").append(tag).append('>').toString();
    }

    private static String abbreviate(Object value) {
        String text = value.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)";
    }

    private static Map<String, Object> copyAttrs(Map<String, ?> attrs) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        if (attrs != null) {
            attrs.forEach((key, value) -> {
                Objects.requireNonNull(key, "attribute key");
                if (!(value instanceof String) && !(value instanceof Jid)) {
                    throw new IllegalArgumentException("attribute " + key + " must be String or Jid: " + value);
                }
                copy.put(key, value);
            });
        }
        if (copy.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("too many attributes: " + copy.size());
        }
        return copy;
    }

    private static Object copyContent(Object content) {
        if (content == null || content instanceof String || content instanceof Jid) {
            return content;
        } else if (content instanceof byte[] b) {
            return b.clone();
        } else if (content instanceof List<?> list) {
            if (list.size() > MAX_CHILDREN) {
                throw new IllegalArgumentException("too many children: " + list.size());
            }
            for (Object item : list) {
                if (!(item instanceof Node)) {
                    throw new IllegalArgumentException("child is not a Node: " + item);
                }
            }
            return List.copyOf(list);
        }
        throw new IllegalArgumentException(
                "unsupported content type: " + content.getClass().getName());
    }
}
