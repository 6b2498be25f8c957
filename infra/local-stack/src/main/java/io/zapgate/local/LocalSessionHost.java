package io.zapgate.local;

import io.zapgate.core.session.InstanceEvent;
import io.zapgate.sessionhost.SessionHost;
import io.zapgate.sessionhost.SessionHostConfig;
import io.zapgate.wa.fake.ControlServer;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The session host inside the local stack, configured like the deployed one (the template's environment),
 * talking to the real WhatsApp by default, or, in offline mode, to a fake WhatsApp started in-process with
 * its phone's HTTP control port. With {@code ZAPGATE_SESSION_HOSTS=1} (the default) the host runs in this JVM
 * (fast start, QR codes drawn in the terminal); with N &gt; 1 it is a {@link LocalHostFleet} of N processes given
 * the very same environment.
 */
final class LocalSessionHost implements AutoCloseable {
    /** In the data folder: the offline fake WhatsApp's account (phone identity, linked devices). */
    static final String FAKE_DEVICES_FILE = "fake-whatsapp-devices.properties";

    private final SessionHost host;
    private final LocalHostFleet fleet;
    private final FakeWhatsApp fake;
    private final ControlServer control;

    private LocalSessionHost(SessionHost host, LocalHostFleet fleet, FakeWhatsApp fake, ControlServer control) {
        this.host = host;
        this.fleet = fleet;
        this.fake = fake;
        this.control = control;
    }

    /** @param workDir where a fleet's log files go */
    static LocalSessionHost start(
            LocalStackConfig config,
            Map<String, String> templateEnv,
            DynamoDbClient dynamo,
            SqsClient sqs,
            java.nio.file.Path workDir)
            throws IOException {
        FakeWhatsApp fake = null;
        ControlServer control = null;
        Map<String, String> env = new HashMap<>(templateEnv);
        env.put("ZAPGATE_HOST_ID", "local-session-host");
        env.put("ZAPGATE_COMMAND_WAIT_SECONDS", "1");
        try {
            if (config.fakeWhatsApp()) {
                // with a data folder the fake's account (its linked devices) survives restarts, as a real one does
                fake = config.dataDir() == null
                        ? FakeWhatsApp.start()
                        : FakeWhatsApp.startPersistent(
                                io.zapgate.wa.fake.FakeWhatsAppOptions.defaults(),
                                config.dataDir().resolve(FAKE_DEVICES_FILE));
                control = ControlServer.start(fake, config.fakeControlPort());
                env.put("ZAPGATE_WA_URL", fake.wsUrl().toString());
                env.put("ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex());
                env.put("ZAPGATE_WA_ROOT_SERIAL", Integer.toString(fake.rootSerial()));
                env.put(
                        "ZAPGATE_WA_VERSION_URL",
                        config.waVersionUrl() != null
                                ? config.waVersionUrl()
                                : control.uri().resolve("/web/").toString());
            } else {
                putIfSet(env, "ZAPGATE_WA_VERSION_URL", config.waVersionUrl());
                putIfSet(env, "ZAPGATE_WA_URL", config.waUrl());
                putIfSet(env, "ZAPGATE_WA_ROOT_KEY", config.waRootKey());
            }
            putIfSet(env, "ZAPGATE_WA_VERSION", config.waVersion());
            if (config.leaseTtlSeconds() > 0) {
                env.put("ZAPGATE_LEASE_TTL_SECONDS", Integer.toString(config.leaseTtlSeconds()));
                // a short lease needs a small clock-skew budget (at most half of it; the default 5 s is too much): a
                // sixth
                env.putIfAbsent(
                        "ZAPGATE_LEASE_SKEW_SECONDS",
                        Integer.toString(Math.min(5, Math.max(1, config.leaseTtlSeconds() / 6))));
            }
            if (config.chaos()) {
                env.put("ZAPGATE_CHAOS", "true"); // test only: the fault switch on each host's health port
            }
            if (config.hostProcesses()) {
                SessionHostConfig.from(env); // a bad setting fails here, once, rather than in every process
                env.remove("ZAPGATE_HOST_ID");
                LocalHostFleet fleet = LocalHostFleet.start(
                        config.sessionHosts(), env, workDir, config.healthPort(), config.hostJvmOptions());
                return new LocalSessionHost(null, fleet, fake, control);
            }
            SessionHost host = new SessionHost(SessionHostConfig.from(env), Clock.systemUTC(), dynamo, sqs);
            host.start();
            return new LocalSessionHost(host, null, fake, control);
        } catch (IOException | RuntimeException e) {
            if (control != null) {
                control.close();
            }
            if (fake != null) {
                fake.close();
            }
            throw e;
        }
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** Shows the in-process host's events to {@code listener}; a fleet's events stay in its processes. */
    void onEvent(Consumer<InstanceEvent> listener) {
        if (host != null) {
            host.onEvent(listener);
        }
    }

    /** The in-process session host, or null when a fleet of processes runs. */
    SessionHost host() {
        return host;
    }

    /** The session host processes ({@code ZAPGATE_SESSION_HOSTS} &gt; 1), or null. */
    LocalHostFleet fleet() {
        return fleet;
    }

    /** The in-process fake WhatsApp, or null when the real one is used. */
    FakeWhatsApp fake() {
        return fake;
    }

    /** The fake phone's HTTP control port, or null. */
    URI controlUrl() {
        return control == null ? null : control.uri();
    }

    @Override
    public void close() {
        try {
            if (host != null) {
                host.close();
            }
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (control != null) {
                control.close();
            }
            if (fake != null) {
                fake.close();
            }
        }
    }
}
