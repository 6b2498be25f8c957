package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's linked devices, pre-key counts and ban; thread-safe (one lock, short critical sections).
 *
 * <p>A device id is one byte on the wire (the device part of an AD JID), so one account links at most 255
 * companions. Benchmarks need more (300 instances on a host fleet): once the account's device ids run out, the fake
 * phone links further companions to sibling accounts, phone number + 1, + 2, … (LID user + 1, + 2, …), each with
 * device ids counted from {@code firstDeviceId} again, all signed by the same phone identity. Inside the fake a
 * device is named by its <em>key</em>: {@code account × 256 + device id}, which is the plain device id on the first
 * account, so nothing changes below 256 companions.
 */
final class DeviceRegistry {
    /** The highest device id one account gives out (the device part of an AD JID is one byte). */
    static final int MAX_DEVICE_ID = 255;

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
    private final int firstDeviceId;
    private final Clock clock;
    private int account;
    private int nextDeviceId;
    private int nextKeyIndex = 1;
    private Ban ban;
    /** Called after every change of the linked devices, outside the lock (a saved device file). */
    private volatile Runnable onChange = () -> {};

    /** What outlives a restart of the fake: the linked devices and the counters that give out new ones. */
    record Snapshot(
            List<LinkedDevice> devices,
            Map<Integer, Integer> preKeyCounts,
            int account,
            int nextDeviceId,
            int nextKeyIndex) {
        Snapshot {
            devices = List.copyOf(devices);
            preKeyCounts = Map.copyOf(preKeyCounts);
        }
    }

    DeviceRegistry(String phoneNumber, int firstDeviceId, Clock clock) {
        this.phoneNumber = phoneNumber;
        this.firstDeviceId = firstDeviceId;
        this.nextDeviceId = firstDeviceId;
        this.clock = clock;
    }

    /**
     * Reserves the device key and key index for a new pairing: {@code [deviceKey, keyIndex]}, on the first account
     * with a device id left.
     */
    synchronized int[] reserveDevice() {
        if (nextDeviceId > MAX_DEVICE_ID) {
            account++;
            nextDeviceId = firstDeviceId;
        }
        return new int[] {key(account, nextDeviceId++), nextKeyIndex++};
    }

    /** The device key of a device id on an account. */
    static int key(int account, int deviceId) {
        return account * 256 + deviceId;
    }

    /** The account (0 = the first) a device key belongs to. */
    static int accountOf(int key) {
        return key / 256;
    }

    /** The device id (the JID's {@code :N}) of a device key. */
    static int deviceIdOf(int key) {
        return key % 256;
    }

    /** The phone number (JID user) of an account: the first account's number plus the account index. */
    String userOf(int accountIndex) {
        return accountIndex == 0
                ? phoneNumber
                : new BigInteger(phoneNumber)
                        .add(BigInteger.valueOf(accountIndex))
                        .toString();
    }

    /** The device key of a device JID of one of this phone's accounts, if it is one. */
    synchronized Optional<Integer> keyOf(Jid jid) {
        if (jid == null
                || !Jid.DEFAULT_USER_SERVER.equals(jid.server())
                || jid.device() < 0
                || jid.device() > MAX_DEVICE_ID) {
            return Optional.empty();
        }
        return accountIndexOf(jid.user()).map(a -> key(a, jid.device()));
    }

    /** Which of this phone's accounts (so far) has the number {@code user}. */
    private Optional<Integer> accountIndexOf(String user) {
        if (user.equals(phoneNumber)) {
            return Optional.of(0);
        }
        if (account == 0 || user.isEmpty() || !user.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        BigInteger offset = new BigInteger(user).subtract(new BigInteger(phoneNumber));
        return offset.signum() > 0 && offset.compareTo(BigInteger.valueOf(account)) <= 0
                ? Optional.of(offset.intValueExact())
                : Optional.empty();
    }

    void register(LinkedDevice device) {
        synchronized (this) {
            devices.put(device.device(), device);
            preKeyCounts.put(device.device(), 0);
        }
        onChange.run();
    }

    /** Forgets a device; returns it if it was linked. */
    Optional<LinkedDevice> unregister(Jid jid) {
        Optional<LinkedDevice> removed;
        synchronized (this) {
            Optional<Integer> key = keyOf(jid);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            preKeyCounts.remove(key.get());
            removed = Optional.ofNullable(devices.remove(key.get()));
        }
        removed.ifPresent(d -> onChange.run());
        return removed;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(
                new ArrayList<>(devices.values()),
                new LinkedHashMap<>(preKeyCounts),
                account,
                nextDeviceId,
                nextKeyIndex);
    }

    /** Takes back the devices, their pre-key counts and the counters of an earlier run (before any connection). */
    synchronized void restore(Snapshot saved) {
        devices.clear();
        preKeyCounts.clear();
        for (LinkedDevice d : saved.devices()) {
            devices.put(d.device(), d);
            preKeyCounts.put(d.device(), saved.preKeyCounts().getOrDefault(d.device(), 0));
        }
        account = saved.account();
        nextDeviceId = saved.nextDeviceId();
        nextKeyIndex = saved.nextKeyIndex();
    }

    void onChange(Runnable listener) {
        onChange = java.util.Objects.requireNonNull(listener, "listener");
    }

    synchronized List<LinkedDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    /** Accept only a linked (user, device) presenting the noise key recorded at pairing (spec §1.4), not banned. */
    synchronized LoginDecision decideLogin(long username, int device, byte[] noiseKey) {
        Optional<Integer> accountIndex = accountIndexOf(Long.toString(username));
        LinkedDevice linked = device < 0 || device > MAX_DEVICE_ID
                ? null
                : accountIndex.map(a -> devices.get(key(a, device))).orElse(null);
        if (linked == null || !MessageDigest.isEqual(linked.noisePublicKey(), noiseKey)) {
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

    void addPreKeys(int device, int count) {
        synchronized (this) {
            preKeyCounts.merge(device, count, Integer::sum);
        }
        onChange.run();
    }

    String phoneNumber() {
        return phoneNumber;
    }

    Clock clock() {
        return clock;
    }
}
