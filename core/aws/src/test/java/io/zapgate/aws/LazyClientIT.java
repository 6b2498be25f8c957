package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** A lazy client is built on its first call, once, and lets the SDK's exceptions through unchanged. */
class LazyClientIT {
    private final AwsIntegration aws = AwsIntegration.get();

    @Test
    void builtOnFirstCallOnceWithTheSdksOwnExceptions() {
        AtomicInteger builds = new AtomicInteger();
        SqsClient lazy = LazyClient.sqs(() -> {
            builds.incrementAndGet();
            return aws.sqs;
        });
        assertThat(LazyClient.built(lazy)).isFalse();
        assertThat(builds).hasValue(0);
        String url = aws.sqs.createQueue(b -> b.queueName("lazy-client-it")).queueUrl();
        assertThat(lazy.sendMessage(b -> b.queueUrl(url).messageBody("hi")).messageId())
                .isNotBlank();
        assertThatThrownBy(
                        () -> lazy.sendMessage(b -> b.queueUrl(url + "-missing").messageBody("hi")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThat(builds).hasValue(1);
        assertThat(LazyClient.built(lazy)).isTrue();
    }
}
