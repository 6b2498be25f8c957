package io.zapgate.aws.local;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/** LocalStack (DynamoDB + SQS) in Docker through Testcontainers: the same suite on AWS's emulator. */
public final class LocalStackAws implements LocalAws {
    public static final String IMAGE = "localstack/localstack:4.4";
    private final LocalStackContainer container;

    private LocalStackAws(LocalStackContainer container) {
        this.container = container;
    }

    /** Whether a Docker engine answers here (the client binary alone is not enough). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static LocalStackAws start() {
        LocalStackContainer c =
                new LocalStackContainer(DockerImageName.parse(IMAGE)).withServices(Service.DYNAMODB, Service.SQS);
        c.start();
        return new LocalStackAws(c);
    }

    @Override
    public AwsEndpoints endpoints() {
        return new AwsEndpoints(
                container.getEndpointOverride(Service.DYNAMODB),
                container.getEndpointOverride(Service.SQS),
                container.getRegion(),
                container.getAccessKey(),
                container.getSecretKey());
    }

    @Override
    public void close() {
        container.stop();
    }
}
