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
 * its phone's HTTP control port.
 */
final class LocalSessionHost implements AutoCloseable {
    private final SessionHost host;
    private final FakeWhatsApp fake;
    private final ControlServer control;

    private LocalSessionHost(SessionHost host, FakeWhatsApp fake, ControlServer control) {
        this.host = host;
        this.fake = fake;
        this.control = control;
    }

    static LocalSessionHost start(
            LocalStackConfig config, Map<String, String> templateEnv, DynamoDbClient dynamo, SqsClient sqs)
            throws IOException {
        FakeWhatsApp fake = null;
        ControlServer control = null;
        Map<String, String> env = new HashMap<>(templateEnv);
        env.put("ZAPGATE_HOST_ID", "local-session-host");
        env.put("ZAPGATE_COMMAND_WAIT_SECONDS", "1");
        try {
            if (config.fakeWhatsApp()) {
                fake = FakeWhatsApp.start();
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
            SessionHost host = new SessionHost(SessionHostConfig.from(env), Clock.systemUTC(), dynamo, sqs);
            host.start();
            return new LocalSessionHost(host, fake, control);
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

    void onEvent(Consumer<InstanceEvent> listener) {
        host.onEvent(listener);
    }

    SessionHost host() {
        return host;
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
            host.close();
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
