package io.zapgate.wa.fake;

import io.zapgate.wa.crypto.KeyPair;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeWhatsApp} and its {@link ControlServer} as a standalone process until killed. Options:
 * {@code --port N} (WebSocket, default ephemeral), {@code --control-port N} (HTTP, default ephemeral),
 * {@code --phone DIGITS}, {@code --lid DIGITS}, {@code --root-private-key HEX} (fixed TEST root, so clients can
 * keep one configured key). Prints, one per line, for scripts to read:
 * <pre>
 * FAKE_WHATSAPP_WS_URL=ws://127.0.0.1:PORT/ws/chat
 * FAKE_WHATSAPP_ROOT_PUBLIC_KEY=64 hex chars
 * FAKE_WHATSAPP_ROOT_SERIAL=0
 * FAKE_WHATSAPP_PHONE=15551234567
 * FAKE_WHATSAPP_CONTROL_URL=http://127.0.0.1:PORT
 * </pre>
 */
public final class FakeWhatsAppMain {
    private FakeWhatsAppMain() {
    }

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
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--port" -> options = options.withPort(Integer.parseInt(value));
                case "--control-port" -> controlPort = Integer.parseInt(value);
                case "--phone" -> options = options.withPhoneNumber(value);
                case "--lid" -> options = options.withLidUser(value);
                case "--root-private-key" -> options = options.withRootKey(
                        KeyPair.fromPrivate(HexFormat.of().parseHex(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port --control-port --phone --lid --root-private-key)");
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
        System.out.println("FAKE_WHATSAPP_CONTROL_URL=" + control.uri());
        System.out.flush();
        stopped.await();
    }
}
