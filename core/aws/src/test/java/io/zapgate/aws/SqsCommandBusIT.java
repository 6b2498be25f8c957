package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsCommandBusIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final String queue = aws.refs.get("CommandQueue");
    private final SqsCommandBus bus = new SqsCommandBus(aws.sqs, queue);

    /** Relative to the wall clock (never a fixed date): a command that is not expired when it is read. */
    private static final Instant AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private static InstanceCommand cmd(String id, String type, String instance) {
        Instant at = AT;
        CommandHeader h = new CommandHeader(id, "acc-1", instance, "iid-" + instance, at, at.plusSeconds(25));
        return switch (type) {
            case "CONNECT" -> new InstanceCommand.Connect(h, "r-" + id, null, 7);
            case "APPLY_SETTINGS" -> new InstanceCommand.ApplySettings(h);
            default -> new InstanceCommand.Delete(h, null);
        };
    }

    @Test
    void commandsArriveInOrderPerInstanceGroupedAndDeduplicated() {
        String tag = Long.toString(System.nanoTime());
        bus.send(cmd("c1-" + tag, "CONNECT", "a" + tag));
        bus.send(cmd("c2-" + tag, "APPLY_SETTINGS", "a" + tag));
        bus.send(cmd("c2-" + tag, "APPLY_SETTINGS", "a" + tag));
        bus.send(cmd("c3-" + tag, "DELETE", "a" + tag));
        List<InstanceCommand> got = new ArrayList<>();
        for (int i = 0; i < 10 && got.size() < 3; i++) {
            List<Message> msgs = aws.sqs
                    .receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messages();
            for (Message m : msgs) {
                InstanceCommand c = CommandCodec.decode(m.body());
                if (c.instanceName().equals("a" + tag)) {
                    assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                            .isEqualTo("acc-1/a" + tag);
                    got.add(c);
                }
                aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(got).extracting(InstanceCommand::commandId).containsExactly("c1-" + tag, "c2-" + tag, "c3-" + tag);
        assertThat(got.get(0)).isEqualTo(cmd("c1-" + tag, "CONNECT", "a" + tag));
    }

    @Test
    void theCommandQueueHasADeadLetterQueue() {
        var attrs = aws.sqs
                .getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("RedrivePolicy", "FifoQueue"))
                .attributesAsStrings();
        assertThat(attrs.get("FifoQueue")).isEqualTo("true");
        assertThat(attrs.get("RedrivePolicy"))
                .contains("CommandDeadLetterQueue")
                .contains("5");
    }
}
