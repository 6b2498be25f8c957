package io.zapgate.local;

import io.zapgate.core.log.Log;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code ./zapgate local}: starts the local stack, prints how to use it, stops cleanly on Ctrl-C. */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackConfig config;
        try {
            config = LocalStackConfig.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("zapgate: " + e.getMessage());
            System.exit(2);
            return;
        }
        Log.configure(Log.Level.valueOf(config.logLevel().toUpperCase(java.util.Locale.ROOT)), System.out);
        LocalStack stack;
        try {
            stack = LocalStack.start(config, Clock.systemUTC());
        } catch (java.net.BindException e) {
            System.err.println("zapgate: port " + config.port() + " is in use; set ZAPGATE_PORT or pass --port N");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Zapgate local stack...");
            stack.close();
            stopped.countDown();
        }, "zapgate-stop"));
        System.out.println(banner(config, stack));
        stopped.await();
    }

    static String banner(LocalStackConfig config, LocalStack stack) {
        String url = "http://" + (config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress())
                + ":" + stack.port();
        return """

                Zapgate local stack is up.
                  API base URL   : %s
                  Account token  : %s
                  Admin secret   : %s   (header x-admin-secret, POST /api/admin/accounts)
                  Data           : %s

                  Try:  curl -s -X POST %s/api/instance/new -H 'token: %s' \\
                          -H 'Content-Type: application/json' -d '{"name":"demo"}'
                        curl -s %s/api/instance/list -H 'token: %s'

                Press Ctrl-C to stop.
                """.formatted(url, stack.accountToken(), stack.adminSecret(),
                config.dataDir() == null ? "in memory (lost on exit)" : config.dataDir().toAbsolutePath(),
                url, stack.accountToken(), url, stack.accountToken());
    }
}
