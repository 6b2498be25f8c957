package io.zapgate.wa.fake;

import io.zapgate.wa.crypto.KeyPair;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeWhatsApp} and its {@link ControlServer} as a standalone process until killed. Options:
 * {@code --port N} (WebSocket, default ephemeral), {@code --control-port N} (HTTP, default ephemeral),
 * {@code --phone DIGITS}, {@code --lid DIGITS}, {@code --root-private-key HEX} (fixed TEST root, so clients can
 * keep one configured key), {@code --minimum-version V} / {@code --current-version V} ({@code P.S.T} or a build
 * number), {@code --ack-deadline-ms N}, {@code --lenient-acks} (record bad acks but never end the connection),
 * {@code --no-offline-burst}. Prints, one per line, for scripts to read (CONTROL_URL last):
 * <pre>
 * FAKE_WHATSAPP_WS_URL=ws://127.0.0.1:PORT/ws/chat
 * FAKE_WHATSAPP_ROOT_PUBLIC_KEY=64 hex chars
 * FAKE_WHATSAPP_ROOT_SERIAL=0
 * FAKE_WHATSAPP_PHONE=15551234567
 * FAKE_WHATSAPP_VERSION_URL=http://127.0.0.1:PORT/web/
 * FAKE_WHATSAPP_CONTROL_URL=http://127.0.0.1:PORT
 * </pre>
 */
public final class FakeWhatsAppMain {
    private static final String KNOWN = "--port --control-port --phone --lid --root-private-key --minimum-version "
            + "--current-version --ack-deadline-ms --lenient-acks --no-offline-burst";

    private FakeWhatsAppMain() {}

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws IOException if the control port cannot be bound
     * @throws InterruptedException never in practice (waits until the JVM exits)
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        FakeWhatsAppOptions options = FakeWhatsAppOptions.defaults();
        int controlPort = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lenient-acks") || args[i].equals("--no-offline-burst")) {
                options = args[i].equals("--lenient-acks")
                        ? options.withStrictAcks(false)
                        : options.withOfflineBurst(false);
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : "";
            if (args[i].equals("--control-port")) {
                controlPort = Integer.parseInt(value);
            } else {
                options = withValue(options, args[i], value);
            }
            i++;
        }
        FakeWhatsApp fake = FakeWhatsApp.start(options);
        ControlServer control = ControlServer.start(fake, controlPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            fake.close();
            stopped.countDown();
        }));
        System.out.println("FAKE_WHATSAPP_WS_URL=" + fake.wsUrl());
        System.out.println("FAKE_WHATSAPP_ROOT_PUBLIC_KEY=" + fake.rootPublicKeyHex());
        System.out.println("FAKE_WHATSAPP_ROOT_SERIAL=" + fake.rootSerial());
        System.out.println("FAKE_WHATSAPP_PHONE=" + fake.phone().phoneNumber());
        System.out.println("FAKE_WHATSAPP_VERSION_URL=" + control.uri().resolve("/web/"));
        System.out.println("FAKE_WHATSAPP_CONTROL_URL=" + control.uri());
        System.out.flush();
        stopped.await();
    }

    private static FakeWhatsAppOptions withValue(FakeWhatsAppOptions options, String option, String value) {
        return switch (option) {
            case "--port" -> options.withPort(Integer.parseInt(value));
            case "--phone" -> options.withPhoneNumber(value);
            case "--lid" -> options.withLidUser(value);
            case "--root-private-key" ->
                options.withRootKey(KeyPair.fromPrivate(HexFormat.of().parseHex(value)));
            case "--minimum-version" -> options.withMinimumVersion(ServedVersion.parse(value));
            case "--current-version" -> options.withCurrentVersion(ServedVersion.parse(value));
            case "--ack-deadline-ms" -> options.withAckDeadline(Duration.ofMillis(Long.parseLong(value)));
            default -> throw new IllegalArgumentException("unknown option " + option + " (known: " + KNOWN + ")");
        };
    }
}
