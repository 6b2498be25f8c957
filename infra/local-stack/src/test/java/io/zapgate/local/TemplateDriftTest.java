package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.zapgate.aws.local.SamTemplate;
import io.zapgate.functions.support.FunctionConfig;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** template.yaml and the code cannot drift: handlers, tables and the variables the code reads match. */
class TemplateDriftTest {
    private final SamTemplate template = SamTemplate.parse(LocalStack.templateText());

    @Test
    void everyTemplateHandlerExistsAndEveryHandlerIsInTheTemplate() throws Exception {
        Set<String> named = template.functions().stream()
                .map(SamTemplate.Function::handlerClass)
                .collect(Collectors.toSet());
        for (String cls : named) {
            Class<?> type = Class.forName(cls);
            assertThat(RequestHandler.class).as(cls).isAssignableFrom(type);
            assertThat(type.getConstructor())
                    .as(cls + " has a public no-argument constructor")
                    .isNotNull();
        }
        assertThat(handlerClassesInCode()).containsExactlyInAnyOrderElementsOf(named);
        template.functions().forEach(f -> assertThat(f.handler()).endsWith("::handleRequest"));
    }

    @Test
    void tablesInTheTemplateAreExactlyTheOnesTheCodeReads() {
        Set<String> tables = template.resourcesOfType("AWS::DynamoDB::Table").keySet();
        Map<String, Object> env = template.globalEnvironment();
        Set<String> referenced = new HashSet<>();
        env.values().forEach(v -> {
            if (v instanceof Map<?, ?> m && m.get("Ref") != null) {
                referenced.add(String.valueOf(m.get("Ref")));
            }
        });
        assertThat(referenced).containsAll(tables);
        Map<String, String> resolved = env.keySet().stream().collect(Collectors.toMap(k -> k, k -> "x"));
        resolved.put("ZAPGATE_DEFAULT_INSTANCE_QUOTA", "1");
        resolved.put("ZAPGATE_LOG_LEVEL", "INFO");
        resolved.put("ZAPGATE_RATE_LIMIT_GLOBAL", "100");
        resolved.put("ZAPGATE_RATE_LIMIT_CREATE", "20");
        resolved.put("ZAPGATE_WEBHOOK_BACKOFF_SECONDS", "10");
        resolved.put("ZAPGATE_WEBHOOK_MAX_ATTEMPTS", "4");
        resolved.put("ZAPGATE_WEBHOOK_TIMEOUT_SECONDS", "5");
        resolved.put("ZAPGATE_ALLOW_PRIVATE_TARGETS", "false");
        FunctionConfig config = FunctionConfig.from(resolved);
        assertThat(config.kmsKeyId()).isEqualTo("x");
        assertThat(config.encryptionKey()).isNull();
        assertThat(config.accountsTable()).isEqualTo("x");
        assertThat(config.webhookTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(config.allowPrivateTargets()).isFalse();
        assertThat(env)
                .containsKeys(
                        "ZAPGATE_ACCOUNTS_TABLE",
                        "ZAPGATE_TOKENS_TABLE",
                        "ZAPGATE_INSTANCES_TABLE",
                        "ZAPGATE_RATE_LIMITS_TABLE",
                        "ZAPGATE_COMMAND_QUEUE_URL",
                        "ZAPGATE_KMS_KEY_ID");
        resolved.remove("ZAPGATE_KMS_KEY_ID");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FunctionConfig.from(resolved))
                .hasMessageContaining("ZAPGATE_KMS_KEY_ID");
    }

    /**
     * No raw key in any Lambda environment: stored secrets are sealed by KMS, and rows of the former local key
     * ring are re-sealed offline ({@code ./zapgate reseal}, docs/operations.md), not opened by the functions.
     */
    @Test
    void noFunctionEnvironmentHoldsTheRawKeyRing() {
        assertThat(template.globalEnvironment()).doesNotContainKey("ZAPGATE_ENCRYPTION_KEY");
        for (SamTemplate.Function f : template.functions()) {
            assertThat(f.environment()).as(f.logicalId()).doesNotContainKey("ZAPGATE_ENCRYPTION_KEY");
        }
        assertThat(LocalStack.templateText())
                .doesNotContain("ZAPGATE_ENCRYPTION_KEY")
                .doesNotContain("EncryptionKey");
    }

    /** Every function that reads or writes instance rows may use the secrets key, and only that key. */
    @Test
    void functionsOnInstanceRowsMayUseTheSecretsKmsKey() {
        int checked = 0;
        for (SamTemplate.Function f : template.functions()) {
            String text = String.valueOf(
                    template.resourcesOfType("AWS::Serverless::Function").get(f.logicalId()));
            if (!text.contains("InstancesTable")) {
                continue;
            }
            assertThat(text)
                    .as(f.logicalId())
                    .contains("Action=[kms:GenerateDataKey, kms:Decrypt]")
                    .contains("Resource={Fn::If=[CreateSecretsKey, {Fn::GetAtt=[SecretsKey, Arn]}, {Ref=KmsKeyArn}]}");
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(template.globalEnvironment().get("ZAPGATE_KMS_KEY_ID"))
                .hasToString("{Fn::If=[CreateSecretsKey, {Fn::GetAtt=[SecretsKey, Arn]}, {Ref=KmsKeyArn}]}");
    }

    @Test
    void onlyLongFormIntrinsicsSoThePlainYamlParserReadsIt() {
        assertThat(LocalStack.templateText())
                .doesNotContain("!Ref")
                .doesNotContain("!GetAtt")
                .doesNotContain("!Sub");
    }

    /** Concrete RequestHandler classes in the functions jar's http package. */
    private static Set<String> handlerClassesInCode() throws IOException, ClassNotFoundException {
        URL url = io.zapgate.functions.http.ApiHandler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        Path location = Path.of(java.net.URI.create(url.toString()));
        Set<String> out = new HashSet<>();
        try (java.nio.file.FileSystem jar =
                        Files.isDirectory(location) ? null : java.nio.file.FileSystems.newFileSystem(location);
                Stream<Path> files =
                        Files.walk((jar == null ? location : jar.getPath("/")).resolve("io/zapgate/functions"))) {
            Path base = jar == null ? location : jar.getPath("/");
            for (Path p :
                    files.filter(f -> f.toString().endsWith("Handler.class")).toList()) {
                String name = base.relativize(p).toString().replace('/', '.').replace(".class", "");
                Class<?> c = Class.forName(name);
                if (RequestHandler.class.isAssignableFrom(c)
                        && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
