package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The account's linked devices, pre-key counts and ban; thread-safe (one lock, short critical sections). */
final class DeviceRegistry {
    /** What the server decides for a login attempt (spec §7.1 / §7.2). */
    sealed interface LoginDecision {
        /** Accept: send {@code <success>}. */
        record Accept(LinkedDevice device) implements LoginDecision {}

        /** Reject with {@code <failure reason=…>}. */
        record Reject(int reason, Ban ban) implements LoginDecision {}
    }

    private final Map<Integer, LinkedDevice> devices = new LinkedHashMap<>();
    private final Map<Integer, Integer> preKeyCounts = new LinkedHashMap<>();
    private final String phoneNumber;
    private final Clock clock;
    private int nextDeviceId;
    private int nextKeyIndex = 1;
    private Ban ban;

    DeviceRegistry(String phoneNumber, int firstDeviceId, Clock clock) {
        this.phoneNumber = phoneNumber;
        this.nextDeviceId = firstDeviceId;
        this.clock = clock;
    }

    /** Reserves the device id and key index for a new pairing: {@code [deviceId, keyIndex]}. */
    synchronized int[] reserveDevice() {
        return new int[] {nextDeviceId++, nextKeyIndex++};
    }

    synchronized void register(LinkedDevice device) {
        devices.put(device.device(), device);
        preKeyCounts.put(device.device(), 0);
    }

    /** Forgets a device; returns it if it was linked. */
    synchronized Optional<LinkedDevice> unregister(Jid jid) {
        if (jid == null || !jid.user().equals(phoneNumber) || !Jid.DEFAULT_USER_SERVER.equals(jid.server())) {
            return Optional.empty();
        }
        preKeyCounts.remove(jid.device());
        return Optional.ofNullable(devices.remove(jid.device()));
    }

    synchronized List<LinkedDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    /** Accept only a linked (user, device) presenting the noise key recorded at pairing (spec §1.4), not banned. */
    synchronized LoginDecision decideLogin(long username, int device, byte[] noiseKey) {
        LinkedDevice linked = devices.get(device);
        if (!Long.toString(username).equals(phoneNumber)
                || linked == null
                || !MessageDigest.isEqual(linked.noisePublicKey(), noiseKey)) {
            return new LoginDecision.Reject(401, null);
        }
        Optional<Ban> active = activeBan();
        if (active.isPresent()) {
            return new LoginDecision.Reject(active.get().permanent() ? 403 : 402, active.get());
        }
        return new LoginDecision.Accept(linked);
    }

    synchronized void ban(Ban newBan) {
        ban = newBan;
    }

    synchronized Optional<Ban> activeBan() {
        return ban != null && ban.activeAt(clock.instant()) ? Optional.of(ban) : Optional.empty();
    }

    synchronized int preKeyCount(int device) {
        return preKeyCounts.getOrDefault(device, 0);
    }

    synchronized void addPreKeys(int device, int count) {
        preKeyCounts.merge(device, count, Integer::sum);
    }

    String phoneNumber() {
        return phoneNumber;
    }

    Clock clock() {
        return clock;
    }
}
