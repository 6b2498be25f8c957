package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.KeyPair;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The fake's account on disk, so that a restarted offline stack still knows the companions it linked: the phone's
 * identity key, the linked devices (the noise key each must present at login), their pre-key counts and the
 * counters that give out device ids. A properties file, replaced atomically at every change. Test and demo data
 * only: it holds the fake phone's private identity key, never anything of a real account.
 */
final class DevicesFile {
    private static final HexFormat HEX = HexFormat.of();
    private final Path file;

    DevicesFile(Path file) {
        this.file = file;
    }

    /** What an earlier run saved: the phone identity and the registry; empty when there is no file yet. */
    Optional<Saved> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fake WhatsApp's devices from " + file, e);
        }
        try {
            List<LinkedDevice> devices = new ArrayList<>();
            Map<Integer, Integer> preKeys = new LinkedHashMap<>();
            int count = Integer.parseInt(p.getProperty("devices", "0"));
            for (int i = 0; i < count; i++) {
                String at = "device." + i + ".";
                LinkedDevice d = new LinkedDevice(
                        Jid.parse(required(p, at + "jid")),
                        Jid.parse(required(p, at + "lid")),
                        Integer.parseInt(required(p, at + "key")),
                        HEX.parseHex(required(p, at + "noiseKey")),
                        HEX.parseHex(required(p, at + "identityKey")),
                        Integer.parseInt(required(p, at + "keyIndex")),
                        Instant.parse(required(p, at + "linkedAt")));
                devices.add(d);
                preKeys.put(d.device(), Integer.parseInt(p.getProperty(at + "preKeys", "0")));
            }
            return Optional.of(new Saved(
                    KeyPair.fromPrivate(HEX.parseHex(required(p, "phoneIdentity"))),
                    new DeviceRegistry.Snapshot(
                            devices,
                            preKeys,
                            Integer.parseInt(required(p, "account")),
                            Integer.parseInt(required(p, "nextDeviceId")),
                            Integer.parseInt(required(p, "nextKeyIndex")))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the fake WhatsApp's devices file " + file + " is damaged (" + e.getMessage()
                            + "); delete it to start with no linked devices",
                    e);
        }
    }

    /** Replaces the file with this state (written next to it, then moved over it). */
    synchronized void write(KeyPair phoneIdentity, DeviceRegistry.Snapshot state) {
        Properties p = new Properties();
        p.setProperty("phoneIdentity", HEX.formatHex(phoneIdentity.privateKey()));
        p.setProperty("account", Integer.toString(state.account()));
        p.setProperty("nextDeviceId", Integer.toString(state.nextDeviceId()));
        p.setProperty("nextKeyIndex", Integer.toString(state.nextKeyIndex()));
        p.setProperty("devices", Integer.toString(state.devices().size()));
        for (int i = 0; i < state.devices().size(); i++) {
            LinkedDevice d = state.devices().get(i);
            String at = "device." + i + ".";
            p.setProperty(at + "jid", d.jid().toString());
            p.setProperty(at + "lid", d.lid().toString());
            p.setProperty(at + "key", Integer.toString(d.device()));
            p.setProperty(at + "noiseKey", HEX.formatHex(d.noisePublicKey()));
            p.setProperty(at + "identityKey", HEX.formatHex(d.identityPublicKey()));
            p.setProperty(at + "keyIndex", Integer.toString(d.keyIndex()));
            p.setProperty(at + "linkedAt", d.linkedAt().toString());
            p.setProperty(at + "preKeys", Integer.toString(state.preKeyCounts().getOrDefault(d.device(), 0)));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                p.store(out, "fake WhatsApp account of the offline local stack (test data; delete to forget)");
            }
            if (next.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // a private key, if only the fake phone's: owner-only, as the stack's other local secrets
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the fake WhatsApp's devices to " + file, e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    /** An earlier run's phone identity and registry. */
    record Saved(KeyPair phoneIdentity, DeviceRegistry.Snapshot registry) {}
}
