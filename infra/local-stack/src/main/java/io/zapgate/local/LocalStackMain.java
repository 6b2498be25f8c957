package io.zapgate.local;

import io.zapgate.core.log.Log;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code ./zapgate local}: starts the local stack, prints how to use it, stops cleanly on Ctrl-C. */
public final class LocalStackMain {
    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        // session hosts in this process renew many leases at once, as SessionHostMain's do
        io.zapgate.aws.AwsClients.poolConnections(io.zapgate.sessionhost.SessionHostMain.HTTP_CONNECTIONS);
        LocalStackConfig config;
        try {
            config = LocalStackConfig.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("zapgate: " + e.getMessage());
            System.exit(2);
            return;
        }
        Log.configure(Log.Level.valueOf(config.logLevel().toUpperCase(java.util.Locale.ROOT)), System.out);
        io.zapgate.core.log.JulBridge.install();
        LocalStack stack;
        try {
            stack = LocalStack.start(config, Clock.systemUTC());
        } catch (java.net.BindException e) {
            System.err.println("zapgate: port " + config.port() + " is in use; set ZAPGATE_PORT or pass --port N");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping Zapgate local stack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "zapgate-stop"));
        System.out.println(banner(config, stack));
        System.out.println(whatsApp(config, stack));
        if (stack.sessions() != null) {
            stack.sessions().onEvent(e -> {
                if (e.qrCode() != null) {
                    System.out.println("\nNew QR code for instance '" + e.instanceName() + "' (scan it in WhatsApp > "
                            + "Linked devices):\n" + TerminalQr.render(e.qrCode()));
                } else {
                    System.out.println("Instance '" + e.instanceName() + "' is now "
                            + e.state().wire()
                            + (e.reason() == null ? "" : " (" + e.reason().wire() + ")"));
                }
            });
        }
        stopped.await();
    }

    static String whatsApp(LocalStackConfig config, LocalStack stack) {
        LocalSessionHost s = stack.sessions();
        if (s == null) {
            return "  Session host   : off (--no-session-host): connect/reconnect/logout will time out.\n";
        }
        if (s.fake() == null) {
            return hosts(s) + "  WhatsApp       : "
                    + (config.waUrl() == null ? "the real WhatsApp (wss://web.whatsapp.com)" : config.waUrl())
                    + "\n  Link a phone   : curl -s '" + "<base URL>/api/instance/connect/demo' "
                    + "-H 'token: <account token>' and scan the QR (also drawn here).\n";
        }
        String control = s.controlUrl().toString();
        return hosts(s)
                + """
                  WhatsApp       : OFFLINE fake WhatsApp at %s (its own test root key)
                  Fake phone     : %s
                    1. curl -s %s/api/instance/connect/demo -H 'token: %s'   → copy "qrCode"
                    2. curl -s -X POST %s/phone/scan --data '<qrCode>'          → the fake phone scans it
                    3. curl -s %s/api/instance/list -H 'token: %s'             → "state":"connected"
                    (also: /phone/pair-code, /phone/unlink, /phone/ban?seconds=N, /phone/drop, /phone/push?kind=message, GET /phone/state)
                  Fake's devices : %s
                """.formatted(
                                s.fake().wsUrl(),
                                control,
                                "http://127.0.0.1:" + stack.port(),
                                stack.accountToken(),
                                control.replaceAll("/$", ""),
                                "http://127.0.0.1:" + stack.port(),
                                stack.accountToken(),
                                config.dataDir() == null
                                        ? "in memory (--in-memory): forgotten at stop"
                                        : config.dataDir().resolve(LocalSessionHost.FAKE_DEVICES_FILE)
                                                + " (kept across restarts)");
    }

    /** With {@code ZAPGATE_SESSION_HOSTS} &gt; 1: each session host process, its pid, health URL and log. */
    static String hosts(LocalSessionHost s) {
        LocalHostFleet fleet = s.fleet();
        if (fleet == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(
                "  Session hosts  : " + fleet.members().size() + " processes (not restarted if they die); logs in "
                        + fleet.logDir().toAbsolutePath() + "\n");
        for (LocalHostFleet.Member m : fleet.members()) {
            out.append("    %-22s pid %-8d %s%n".formatted(m.hostId(), m.pid(), m.ready()));
        }
        return out.toString();
    }

    static String banner(LocalStackConfig config, LocalStack stack) {
        String url = "http://" + (config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress()) + ":"
                + stack.port();
        return """

                Zapgate local stack is up.
                  API base URL   : %s
                  Event stream   : %s/?token=<account or instance token>   (WebSocket)
                  Web console    : %s/   (paste the account token)
                  API reference  : %s/docs   (OpenAPI: %s/openapi.yaml)
                  Account token  : %s
                  Admin secret   : %s   (header x-admin-secret, POST /api/admin/accounts)
                  Data           : %s

                  Try:  curl -s -X POST %s/api/instance/new -H 'token: %s' \\
                          -H 'Content-Type: application/json' -d '{"name":"demo"}'
                        curl -s %s/api/instance/list -H 'token: %s'

                Press Ctrl-C to stop.
                """.formatted(
                        url,
                        stack.wsUrl(),
                        url,
                        url,
                        url,
                        stack.accountToken(),
                        stack.adminSecret(),
                        config.dataDir() == null
                                ? "in memory (lost on exit)"
                                : config.dataDir().toAbsolutePath(),
                        url,
                        stack.accountToken(),
                        url,
                        stack.accountToken());
    }
}
