package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Profile;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.WaEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a session needs of a WhatsApp client (one socket of one instance): the slice of {@code WaClient} the
 * supervisor uses, so that session logic is tested against a scripted fake. Events arrive in order on one
 * thread per client.
 */
public interface SessionClient {
    /**
     * Reads (or makes) the device the socket will present, in the background; opens and writes nothing. A
     * {@link #connect()} soon after finds it ready.
     */
    CompletableFuture<Void> prepare();

    /** Opens the socket: QR codes follow for an unlinked device, a login for a saved one. */
    CompletableFuture<Void> connect();

    /** Closes the socket without logging out; no reconnect follows. */
    void disconnect();

    /** Unlinks the device on WhatsApp, then closes and wipes the saved session. */
    CompletableFuture<Void> logout();

    /** Asks for a pairing code for {@code phone}; needs an open socket of an unlinked device. */
    CompletableFuture<String> requestPairingCode(String phone);

    /** Sends our availability; needs a logged-in socket. */
    CompletableFuture<Void> sendPresence(boolean available);

    /**
     * Rejects an incoming call ({@code <call><reject/></call>}); needs a logged-in socket.
     *
     * @param callFrom the offer's sender
     * @param callId the offer's call id
     */
    CompletableFuture<Void> rejectCall(Jid callFrom, String callId);

    boolean isLoggedIn();

    /** Own number as a JID without device ({@code 15551234567@s.whatsapp.net}), once linked. */
    Optional<String> numberJid();

    /** The linked account as the saved device knows it (push name, platform, business name). */
    Profile profile();

    void addListener(Consumer<WaEvent> listener);
}
