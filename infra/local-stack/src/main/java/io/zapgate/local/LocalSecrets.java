package io.zapgate.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Local-only secrets kept in the data folder so a restart finds the same ones: the encryption key, the admin
 * secret and the local account's token (files readable by the owner only). Never used in a deployed stack.
 */
final class LocalSecrets {
    private LocalSecrets() {}

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The value in {@code dir/name}, or a new one written there; with no folder, a new one each run. */
    static String readOrCreate(Path dir, String name, Supplier<String> make) {
        if (dir == null) {
            return make.get();
        }
        Path file = dir.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            String value = make.get();
            write(file, value);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    static void write(Path file, String value) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on non-POSIX file systems
        }
    }
}
