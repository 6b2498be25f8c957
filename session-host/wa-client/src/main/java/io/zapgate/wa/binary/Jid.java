package io.zapgate.wa.binary;

import java.util.Objects;
import java.util.Set;

/**
 * A WhatsApp address ("JID"): {@code user@server}, optionally with a device ({@code user:7@s.whatsapp.net}),
 * a raw agent byte ({@code user.1:7@s.whatsapp.net}) or, for interop JIDs, an integrator id.
 * Use it for attribute values that the peer expects JID-typed (e.g. {@code to}, {@code from}, {@code jid}).
 *
 * <p>Invariants (so that every Jid encodes without loss): server is non-empty; device is 0..255, or 0..65535
 * on {@code msgr}/{@code interop}, and non-zero only on servers that carry devices; rawAgent is 0..255, only on
 * {@code s.whatsapp.net}, and never one of the domain values 1, 128, 129; integrator is non-zero only on
 * {@code interop}. Source of semantics: whatsmeow {@code types/jid.go}; Baileys {@code src/WABinary/jid-utils.ts}.
 *
 * @param user user part, possibly empty (the server itself)
 * @param rawAgent agent byte of an AD JID on {@code s.whatsapp.net}, 0 otherwise
 * @param device device id, 0 for the primary device / non-device JIDs
 * @param integrator interop integrator id, 0 elsewhere
 * @param server server part, e.g. {@link #DEFAULT_USER_SERVER}
 */
public record Jid(String user, int rawAgent, int device, int integrator, String server) {
    // Servers: whatsmeow types/jid.go (DefaultUserServer ... BotServer).
    public static final String DEFAULT_USER_SERVER = "s.whatsapp.net";
    public static final String GROUP_SERVER = "g.us";
    public static final String LEGACY_USER_SERVER = "c.us";
    public static final String BROADCAST_SERVER = "broadcast";
    public static final String LID_SERVER = "lid";
    public static final String MESSENGER_SERVER = "msgr";
    public static final String INTEROP_SERVER = "interop";
    public static final String NEWSLETTER_SERVER = "newsletter";
    public static final String HOSTED_SERVER = "hosted";
    public static final String HOSTED_LID_SERVER = "hosted.lid";
    public static final String BOT_SERVER = "bot";

    // AD_JID domain bytes: whatsmeow types/jid.go (WhatsAppDomain, LIDDomain, HostedDomain, HostedLIDDomain).
    public static final int DOMAIN_WHATSAPP = 0;
    public static final int DOMAIN_LID = 1;
    public static final int DOMAIN_HOSTED = 128;
    public static final int DOMAIN_HOSTED_LID = 129;

    // Declared before the JID constants below: static fields initialise in textual order.
    private static final Set<String> DEVICE_SERVERS =
            Set.of(DEFAULT_USER_SERVER, LID_SERVER, HOSTED_SERVER, HOSTED_LID_SERVER, MESSENGER_SERVER, INTEROP_SERVER);

    /** {@code @s.whatsapp.net}: the server itself (whatsmeow {@code types.ServerJID}). */
    public static final Jid SERVER_JID = of("", DEFAULT_USER_SERVER);
    /** {@code @g.us} (whatsmeow {@code GroupServerJID}). */
    public static final Jid GROUP_SERVER_JID = of("", GROUP_SERVER);
    /** {@code @broadcast} (whatsmeow {@code BroadcastServerJID}). */
    public static final Jid BROADCAST_SERVER_JID = of("", BROADCAST_SERVER);
    /** {@code status@broadcast} (whatsmeow {@code StatusBroadcastJID}). */
    public static final Jid STATUS_BROADCAST_JID = of("status", BROADCAST_SERVER);

    /** Validates the invariants listed on the type; throws {@link IllegalArgumentException} if broken. */
    public Jid {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(server, "server");
        require(!server.isEmpty(), "empty server");
        boolean wide = server.equals(MESSENGER_SERVER) || server.equals(INTEROP_SERVER);
        require(device >= 0 && device <= (wide ? 0xFFFF : 0xFF), "device out of range: " + device);
        require(device == 0 || DEVICE_SERVERS.contains(server), "server " + server + " has no devices");
        require(rawAgent >= 0 && rawAgent <= 0xFF, "agent out of range: " + rawAgent);
        require(rawAgent == 0 || server.equals(DEFAULT_USER_SERVER), "agent only allowed on s.whatsapp.net");
        require(
                rawAgent != DOMAIN_LID && rawAgent != DOMAIN_HOSTED && rawAgent != DOMAIN_HOSTED_LID,
                "agent collides with a domain value: " + rawAgent);
        require(integrator >= 0 && integrator <= 0xFFFF, "integrator out of range: " + integrator);
        require(integrator == 0 || server.equals(INTEROP_SERVER), "integrator only allowed on interop");
    }

    /** A plain {@code user@server} JID (no device). */
    public static Jid of(String user, String server) {
        return new Jid(user, 0, 0, 0, server);
    }

    /** A device JID such as {@code user:7@s.whatsapp.net} or {@code user:7@lid}. */
    public static Jid ofDevice(String user, int device, String server) {
        return new Jid(user, 0, device, 0, server);
    }

    /**
     * The JID an AD_JID token describes: domain byte 1/128/129 selects lid/hosted/hosted.lid, any other value is
     * an agent on s.whatsapp.net (whatsmeow {@code NewADJID}; Baileys {@code readAdJid}).
     */
    public static Jid ofAd(String user, int domainOrAgent, int device) {
        return switch (domainOrAgent) {
            case DOMAIN_LID -> new Jid(user, 0, device, 0, LID_SERVER);
            case DOMAIN_HOSTED -> new Jid(user, 0, device, 0, HOSTED_SERVER);
            case DOMAIN_HOSTED_LID -> new Jid(user, 0, device, 0, HOSTED_LID_SERVER);
            default -> new Jid(user, domainOrAgent, device, 0, DEFAULT_USER_SERVER);
        };
    }

    /** An interop JID ({@code integrator-user:device@interop}). */
    public static Jid ofInterop(String user, int device, int integrator) {
        return new Jid(user, 0, device, integrator, INTEROP_SERVER);
    }

    /** The AD_JID domain byte for this JID (whatsmeow {@code ActualAgent}): 0, 1, 128, 129 or the raw agent. */
    public int domainType() {
        return switch (server) {
            case LID_SERVER -> DOMAIN_LID;
            case HOSTED_SERVER -> DOMAIN_HOSTED;
            case HOSTED_LID_SERVER -> DOMAIN_HOSTED_LID;
            default -> rawAgent;
        };
    }

    /** True if this JID names a specific device or agent (it has a device or agent part). */
    public boolean isAd() {
        return device != 0 || rawAgent != 0;
    }

    /** This JID without agent and device (whatsmeow {@code ToNonAD}); integrator is kept. */
    public Jid toNonAd() {
        return new Jid(user, 0, 0, integrator, server);
    }

    /**
     * Parses any string form: {@code server}, {@code @server}, {@code user@server}, {@code user:dev@server},
     * whatsmeow {@code user.agent:dev@server}, Baileys {@code user_agent:dev@server}, and interop
     * {@code integrator-user:dev@interop}. An agent suffix is recognised only if it is all digits.
     *
     * @throws IllegalArgumentException if the string is malformed or violates the invariants
     */
    public static Jid parse(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.indexOf('@');
        if (at < 0) {
            return of("", text);
        }
        require(text.indexOf('@', at + 1) < 0, "more than one '@' in JID: " + text);
        String server = text.substring(at + 1);
        String user = text.substring(0, at);
        int device = 0;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            device = number(user.substring(colon + 1), text);
            user = user.substring(0, colon);
        }
        int agent = 0;
        int sep = Math.max(user.lastIndexOf('.'), user.lastIndexOf('_'));
        if (sep >= 0 && isDigits(user.substring(sep + 1))) {
            agent = number(user.substring(sep + 1), text);
            user = user.substring(0, sep);
        }
        int integrator = 0;
        int dash = user.indexOf('-');
        if (server.equals(INTEROP_SERVER) && dash > 0 && isDigits(user.substring(0, dash))) {
            integrator = number(user.substring(0, dash), text);
            user = user.substring(dash + 1);
        }
        return new Jid(user, agent, device, integrator, server);
    }

    /**
     * The canonical string: {@code user@server} ({@code @server} if the user is empty), {@code user:dev@server},
     * {@code user.agent:dev@server}, or {@code integrator-user[:dev]@interop}. {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(user.length() + server.length() + 12);
        if (server.equals(INTEROP_SERVER)) {
            sb.append(integrator).append('-');
        }
        sb.append(user);
        if (rawAgent != 0) {
            sb.append('.').append(rawAgent).append(':').append(device);
        } else if (device != 0) {
            sb.append(':').append(device);
        }
        return sb.append('@').append(server).toString();
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int number(String digits, String text) {
        require(isDigits(digits) && digits.length() <= 6, "bad number in JID: " + text);
        return Integer.parseInt(digits);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
