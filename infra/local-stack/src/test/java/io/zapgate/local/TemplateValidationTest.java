package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * template.yaml passes AWS's offline CloudFormation validator (pinned {@code @aws/cloudformation-validate},
 * which runs the SAM transform), and the validator does catch a broken template. Needs Node >= 20.
 */
class TemplateValidationTest {
    private static final Path CHECK = Path.of("../template-check").toAbsolutePath().normalize();
    private static final Path TEMPLATE = Path.of("../../template.yaml").toAbsolutePath().normalize();

    @Test
    void theTemplateValidates() throws Exception {
        Result r = validate(TEMPLATE);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("no findings");
    }

    @Test
    void aBrokenTemplateIsCaught(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String text = Files.readString(TEMPLATE);
        Path badValue = tmp.resolve("bad-value.yaml");
        Files.writeString(badValue, text.replace("BillingMode: PAY_PER_REQUEST", "BillingMode: PAY_AS_YOU_GO"));
        Result r = validate(badValue);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("PAY_AS_YOU_GO");
        Path badProperty = tmp.resolve("bad-property.yaml");
        Files.writeString(badProperty, text.replace("Runtime: java21", "Runtimee: java21"));
        Result r2 = validate(badProperty);
        assertThat(r2.exit()).as(r2.output()).isEqualTo(1);
        assertThat(r2.output()).contains("Runtimee");
    }

    private record Result(int exit, String output) {
    }

    private static Result validate(Path template) throws IOException, InterruptedException {
        if (!Files.isDirectory(CHECK.resolve("node_modules/@aws/cloudformation-validate"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        return run(List.of("node", "validate.mjs", template.toString()), 120);
    }

    private static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(CHECK.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + ": Node >= 20 and npm are needed for the template "
                    + "check (see README)", e);
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
