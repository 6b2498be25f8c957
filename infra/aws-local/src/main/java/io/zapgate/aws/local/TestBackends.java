package io.zapgate.aws.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AWS backend integration tests run on, chosen by the system property {@code zapgate.it.backend}:
 * {@code embedded} (default: DynamoDB Local + ElasticMQ in this JVM) or {@code localstack} (Docker). One
 * backend per test JVM, started on first use and stopped at exit.
 */
public final class TestBackends {
    private static LocalAws shared;
    private static volatile boolean warned;

    private TestBackends() {}

    public static String backend() {
        return System.getProperty("zapgate.it.backend", "embedded");
    }

    /** Null when the chosen backend cannot run here (LocalStack without Docker): callers skip then. */
    public static String unavailableReason() {
        if (backend().equals("localstack") && !LocalStackAws.dockerAvailable()) {
            if (!warned) {
                warned = true;
                System.err.println("[zapgate] Docker is not available: LocalStack integration tests are SKIPPED.");
            }
            return "Docker is not available here: the LocalStack integration suite is skipped "
                    + "(the default embedded backend runs the same suite)";
        }
        return null;
    }

    public static synchronized LocalAws shared() {
        if (shared == null) {
            LocalAws aws = backend().equals("localstack") ? LocalStackAws.start() : EmbeddedAws.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close, "local-aws-stop"));
            shared = aws;
        }
        return shared;
    }

    /** The repository's template.yaml, found by walking up from the working directory. */
    public static String templateText() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "template.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
