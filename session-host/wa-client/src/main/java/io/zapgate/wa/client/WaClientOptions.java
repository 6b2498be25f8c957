package io.zapgate.wa.client;

import io.zapgate.wa.noise.CertificateVerifier;
import io.zapgate.wa.noise.ServerCertificateValidator;
import io.zapgate.wa.transport.FrameSocketOptions;
import io.zapgate.wa.transport.ProxyConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Immutable settings of a {@link WaClient}; build with {@link #builder()}. Defaults target the real WhatsApp
 * ({@code wss://web.whatsapp.com/ws/chat}, WhatsApp's Noise root key), the profile's app version (fixed), no
 * proxy, no history request, whatsmeow timings (QR 60 s then 20 s, keepalive 20–30 s / 10 s / 3 min, IQ 75 s,
 * handshake 20 s, reconnect 2 s steps), the system clock, one JVM-wide virtual-thread executor and the shared
 * timer.
 */
public final class WaClientOptions {
    private static final Executor SHARED_EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

    private final URI url;
    private final ServerCertificateValidator certificateValidator;
    private final ProxyConfig proxy;
    private final FrameSocketOptions socketOptions;
    private final int historyDays;
    private final ClientProfile profile;
    private final AppVersionProvider versions;
    private final KeepAliveSettings keepAlive;
    private final ReconnectSettings reconnect;
    private final Duration qrFirstTimeout;
    private final Duration qrNextTimeout;
    private final Duration iqTimeout;
    private final Duration handshakeTimeout;
    private final Clock clock;
    private final Executor executor;
    private final TaskScheduler scheduler;

    private WaClientOptions(Builder b) {
        this.url = b.url;
        this.clock = b.clock;
        this.certificateValidator =
                b.certificateValidator != null ? b.certificateValidator : CertificateVerifier.whatsApp(b.clock);
        this.proxy = b.proxy;
        this.socketOptions = b.socketOptions;
        this.historyDays = b.historyDays;
        this.profile = b.profile;
        this.versions = b.versions != null ? b.versions : AppVersionProvider.fixed(b.profile.appVersion());
        this.keepAlive = b.keepAlive;
        this.reconnect = b.reconnect;
        this.qrFirstTimeout = b.qrFirstTimeout;
        this.qrNextTimeout = b.qrNextTimeout;
        this.iqTimeout = b.iqTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.executor = b.executor;
        this.scheduler = b.scheduler;
    }

    /** @return the defaults */
    public static WaClientOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the WebSocket URL */
    public URI url() {
        return url;
    }

    /** @return the validator of the server's Noise certificate chain */
    public ServerCertificateValidator certificateValidator() {
        return certificateValidator;
    }

    /** @return the proxy for this client's connections, if any */
    public Optional<ProxyConfig> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** @return transport settings (headers, TLS context, event loop, connect timeout) */
    public FrameSocketOptions socketOptions() {
        return socketOptions;
    }

    /** @return days of history to request at registration (0 = no explicit request) */
    public int historyDays() {
        return historyDays;
    }

    /** @return device name, platform and locale (its app version only seeds the default {@link #versions()}) */
    public ClientProfile profile() {
        return profile;
    }

    /** @return the app version in force for each new connection; by default fixed to the profile's version */
    public AppVersionProvider versions() {
        return versions;
    }

    /** @return keepalive timing */
    public KeepAliveSettings keepAlive() {
        return keepAlive;
    }

    /** @return auto-reconnect policy */
    public ReconnectSettings reconnect() {
        return reconnect;
    }

    /** @return lifetime of the first QR code */
    public Duration qrFirstTimeout() {
        return qrFirstTimeout;
    }

    /** @return lifetime of each later QR code */
    public Duration qrNextTimeout() {
        return qrNextTimeout;
    }

    /** @return default deadline of IQ requests */
    public Duration iqTimeout() {
        return iqTimeout;
    }

    /** @return deadline for the server's Noise hello */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** @return the clock for QR expiry, ban expiry, keepalive bookkeeping and certificate validity */
    public Clock clock() {
        return clock;
    }

    /** @return where blocking and CPU work runs (handlers, store writes, PBKDF2, listeners) */
    public Executor executor() {
        return executor;
    }

    /** @return the timer */
    public TaskScheduler scheduler() {
        return scheduler;
    }

    /** Builder of {@link WaClientOptions}; every setter rejects null. */
    public static final class Builder {
        private URI url = FrameSocketOptions.WHATSAPP_URL;
        private ServerCertificateValidator certificateValidator;
        private ProxyConfig proxy;
        private FrameSocketOptions socketOptions = FrameSocketOptions.defaults();
        private int historyDays;
        private ClientProfile profile = ClientProfile.DEFAULT;
        private AppVersionProvider versions;
        private KeepAliveSettings keepAlive = KeepAliveSettings.DEFAULT;
        private ReconnectSettings reconnect = ReconnectSettings.DEFAULT;
        private Duration qrFirstTimeout = Duration.ofSeconds(60);
        private Duration qrNextTimeout = Duration.ofSeconds(20);
        private Duration iqTimeout = Duration.ofSeconds(75);
        private Duration handshakeTimeout = Duration.ofSeconds(20);
        private Clock clock = Clock.systemUTC();
        private Executor executor = SHARED_EXECUTOR;
        private TaskScheduler scheduler = TaskScheduler.system();

        private Builder() {}

        /** @param value a {@code ws://} or {@code wss://} URL @return this */
        public Builder url(URI value) {
            url = Objects.requireNonNull(value);
            return this;
        }

        /** @param value e.g. {@code CertificateVerifier.trusting(testRoot, 0, clock)} @return this */
        public Builder certificateValidator(ServerCertificateValidator value) {
            certificateValidator = Objects.requireNonNull(value);
            return this;
        }

        /** @param value the proxy, or null for a direct connection @return this */
        public Builder proxy(ProxyConfig value) {
            proxy = value;
            return this;
        }

        /** @param value transport settings @return this */
        public Builder socketOptions(FrameSocketOptions value) {
            socketOptions = Objects.requireNonNull(value);
            return this;
        }

        /** @param days history days to request in DeviceProps at registration, 0..3650 @return this */
        public Builder historyDays(int days) {
            if (days < 0 || days > 3650) {
                throw new IllegalArgumentException("history days out of range: " + days);
            }
            historyDays = days;
            return this;
        }

        /** @param value device values; its version is used unless {@link #versions} is set @return this */
        public Builder profile(ClientProfile value) {
            profile = Objects.requireNonNull(value);
            return this;
        }

        /**
         * @param value where each connection's app version comes from (e.g. {@code AppVersionProvider.fromConfig});
         *     the client refreshes it after a 405 but never starts or closes it @return this
         */
        public Builder versions(AppVersionProvider value) {
            versions = Objects.requireNonNull(value);
            return this;
        }

        /** @param value keepalive timing @return this */
        public Builder keepAlive(KeepAliveSettings value) {
            keepAlive = Objects.requireNonNull(value);
            return this;
        }

        /** @param value reconnect policy @return this */
        public Builder reconnect(ReconnectSettings value) {
            reconnect = Objects.requireNonNull(value);
            return this;
        }

        /** @param first lifetime of the first code @param next lifetime of later codes @return this */
        public Builder qrTimeouts(Duration first, Duration next) {
            qrFirstTimeout = Objects.requireNonNull(first);
            qrNextTimeout = Objects.requireNonNull(next);
            return this;
        }

        /** @param value default IQ deadline @return this */
        public Builder iqTimeout(Duration value) {
            iqTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value deadline for the server hello @return this */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value the clock @return this */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** @param value executor for blocking work; should not be a small bounded pool @return this */
        public Builder executor(Executor value) {
            executor = Objects.requireNonNull(value);
            return this;
        }

        /** @param value the timer @return this */
        public Builder scheduler(TaskScheduler value) {
            scheduler = Objects.requireNonNull(value);
            return this;
        }

        /** @return the options */
        public WaClientOptions build() {
            return new WaClientOptions(this);
        }
    }
}
