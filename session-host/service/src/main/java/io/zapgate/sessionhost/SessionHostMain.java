package io.zapgate.sessionhost;

import io.zapgate.core.log.Log;
import java.time.Clock;
import java.util.Map;

/** Entry point of the session host container: configuration from the environment, SIGTERM closes gracefully. */
public final class SessionHostMain {
    /**
     * Idle HTTP connections kept per AWS endpoint: the 64 lease renewals a round keeps in flight, plus command
     * handling, resumes and the two queue pollers, each reuse a connection instead of opening one.
     */
    public static final int HTTP_CONNECTIONS = 128;

    private SessionHostMain() {}

    public static void main(String[] args) throws InterruptedException {
        io.zapgate.aws.AwsClients.poolConnections(HTTP_CONNECTIONS); // before any call (read once by the JDK)
        SessionHostConfig config = SessionHostConfig.from(Map.copyOf(System.getenv()));
        Log.configure(config.logLevel(), System.out);
        io.zapgate.core.log.JulBridge.install();
        io.zapgate.sessionhost.ops.OpsConfig ops = io.zapgate.sessionhost.ops.OpsConfig.from(System.getenv());
        // test only: fault injection over the health port (never set by the ECS template)
        io.zapgate.sessionhost.ops.Chaos chaos = io.zapgate.sessionhost.ops.Chaos.from(System.getenv());
        SessionHost host = new SessionHost(config, Clock.systemUTC(), chaos)
                .balance(io.zapgate.sessionhost.fleet.FairShare.Policy.from(Map.copyOf(System.getenv())));
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "session-host-stop"));
        try {
            host.startOps(ops, System.out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("health port " + ops.healthPort() + " cannot be opened", e);
        }
        host.start();
        host.awaitClosed();
    }
}
