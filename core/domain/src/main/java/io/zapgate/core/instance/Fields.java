package io.zapgate.core.instance;

/**
 * Client field names: blocks are posted either on their own route ({@code host}) or inline at create
 * with a prefix ({@code proxyHost}); messages must name the field the client actually sent.
 */
public record Fields(String prefix) {
    public static final Fields BARE = new Fields("");

    public String name(String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }
}
