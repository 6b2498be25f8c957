package io.zapgate.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs AWS's offline CloudFormation validator (the pinned {@code @aws/cloudformation-validate} in
 * {@code infra/template-check}, installed with {@code npm ci} on first use) on a template. Needs Node >= 20.
 */
final class CfnValidator {
    static final Path CHECK = Path.of("../template-check").toAbsolutePath().normalize();

    /** The validator's exit code (0 = no findings at WARN or above, 1 = findings) and its output. */
    record Result(int exit, String output) {}

    private CfnValidator() {}

    static Result validate(Path template) throws IOException, InterruptedException {
        if (!Files.isDirectory(CHECK.resolve("node_modules/@aws/cloudformation-validate"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        return run(List.of("node", "validate.mjs", template.toString()), 120);
    }

    private static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .directory(CHECK.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot run " + cmd.get(0) + ": Node >= 20 and npm are needed for the template "
                            + "check (see README)",
                    e);
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cmd.get(0).equals("npm") && p.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + CHECK + ":\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
