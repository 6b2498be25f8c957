package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * template.yaml passes AWS's offline CloudFormation validator (pinned {@code @aws/cloudformation-validate},
 * which runs the SAM transform), and the validator does catch a broken template. Needs Node >= 20.
 */
class TemplateValidationTest {
    private static final Path TEMPLATE =
            Path.of("../../template.yaml").toAbsolutePath().normalize();

    @Test
    void theTemplateValidates() throws Exception {
        CfnValidator.Result r = CfnValidator.validate(TEMPLATE);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("no findings");
    }

    @Test
    void aBrokenTemplateIsCaught(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String text = Files.readString(TEMPLATE);
        Path badValue = tmp.resolve("bad-value.yaml");
        Files.writeString(badValue, text.replace("BillingMode: PAY_PER_REQUEST", "BillingMode: PAY_AS_YOU_GO"));
        CfnValidator.Result r = CfnValidator.validate(badValue);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("PAY_AS_YOU_GO");
        Path badProperty = tmp.resolve("bad-property.yaml");
        Files.writeString(badProperty, text.replace("Runtime: java21", "Runtimee: java21"));
        CfnValidator.Result r2 = CfnValidator.validate(badProperty);
        assertThat(r2.exit()).as(r2.output()).isEqualTo(1);
        assertThat(r2.output()).contains("Runtimee");
    }
}
