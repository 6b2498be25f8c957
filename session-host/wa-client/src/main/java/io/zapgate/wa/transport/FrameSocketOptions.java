package io.zapgate.wa.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link FrameSocket} connection. Defaults follow the protocol spec §1.1:
 * Origin {@value #WHATSAPP_ORIGIN}, intro {@code 57 41 06 03}, 20 s connect timeout, JDK default
 * trust with hostname verification for {@code wss://}, the shared NIO event loop group.
 */
public final class FrameSocketOptions {

    /** The production endpoint. */
    public static final URI WHATSAPP_URL = URI.create("wss://web.whatsapp.com/ws/chat");

    /** The Origin header WhatsApp Web sends. */
    public static final String WHATSAPP_ORIGIN = "https://web.whatsapp.com";

    private static final FrameSocketOptions DEFAULTS = builder().build();

    private final String origin;
    private final String userAgent;
    private final Map<String, String> extraHeaders;
    private final Duration connectTimeout;
    private final byte[] intro;
    private final SslContext tlsContext;
    private final EventLoopGroup eventLoopGroup;

    private FrameSocketOptions(Builder b) {
        this.origin = b.origin;
        this.userAgent = b.userAgent;
        this.extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraHeaders));
        this.connectTimeout = b.connectTimeout;
        this.intro = b.intro.clone();
        this.tlsContext = b.tlsContext;
        this.eventLoopGroup = b.eventLoopGroup;
    }

    /** @return the defaults */
    public static FrameSocketOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the Origin header value */
    public String origin() {
        return origin;
    }

    /** @return the User-Agent header value, if any */
    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    /** @return additional handshake headers, in insertion order */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    /** @return deadline for TCP connect, proxy negotiation, TLS and the WebSocket upgrade together */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return a copy of the bytes sent once before the first frame */
    public byte[] intro() {
        return intro.clone();
    }

    /** @return a client TLS context overriding the default for {@code wss://} targets */
    public Optional<SslContext> tlsContext() {
        return Optional.ofNullable(tlsContext);
    }

    /** @return an NIO event loop group overriding the shared default */
    public Optional<EventLoopGroup> eventLoopGroup() {
        return Optional.ofNullable(eventLoopGroup);
    }

    /** Builder of {@link FrameSocketOptions}. */
    public static final class Builder {
        private String origin = WHATSAPP_ORIGIN;
        private String userAgent;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(20);
        private byte[] intro = FrameFormat.intro();
        private SslContext tlsContext;
        private EventLoopGroup eventLoopGroup;

        private Builder() {}

        /** @param value the Origin header @return this */
        public Builder origin(String value) {
            this.origin = Objects.requireNonNull(value, "origin");
            return this;
        }

        /** @param value the User-Agent header, or {@code null} for none @return this */
        public Builder userAgent(String value) {
            this.userAgent = value;
            return this;
        }

        /** @param name header name @param value header value @return this */
        public Builder header(String name, String value) {
            extraHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param value overall connect deadline, positive @return this */
        public Builder connectTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive");
            }
            this.connectTimeout = value;
            return this;
        }

        /** @param value bytes sent once before the first frame (e.g. Baileys' edge-routing intro) @return this */
        public Builder intro(byte[] value) {
            this.intro = value.clone();
            return this;
        }

        /** @param value client TLS context for {@code wss://} targets @return this */
        public Builder tlsContext(SslContext value) {
            if (value != null && !value.isClient()) {
                throw new IllegalArgumentException("need a client SslContext");
            }
            this.tlsContext = value;
            return this;
        }

        /** @param value an NIO-based event loop group owned by the caller @return this */
        public Builder eventLoopGroup(EventLoopGroup value) {
            this.eventLoopGroup = value;
            return this;
        }

        /** @return the options */
        public FrameSocketOptions build() {
            return new FrameSocketOptions(this);
        }
    }
}
