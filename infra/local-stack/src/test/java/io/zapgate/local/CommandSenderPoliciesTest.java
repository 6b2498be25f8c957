package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every function that sends commands to the session hosts may also send them straight to the lease owner's queue
 * and read the lease that names it (docs/fleet.md, "Command routing"): without that, AWS refuses the lease read and
 * every command takes the shared queue and an extra hop. The local stack enforces no IAM, so this is checked here.
 */
class CommandSenderPoliciesTest {
    private final SamTemplate template = SamTemplate.parse(LocalStack.templateText());

    @Test
    void everyCommandSenderMayReadTheLeaseAndSendToTheOwnersQueue() {
        List<String> senders = new ArrayList<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, props) -> {
            List<String> statements = statements(props);
            boolean sendsCommands =
                    statements.stream().anyMatch(st -> st.contains("sqs:SendMessage") && st.contains("CommandQueue"));
            if (!sendsCommands) {
                return;
            }
            senders.add(id);
            assertThat(statements)
                    .as(id + " sends to the owner's queue")
                    .anyMatch(st ->
                            st.contains("sqs:SendMessage") && st.contains("HostQueuePrefix") && st.contains("-host-*"));
            assertThat(statements)
                    .as(id + " reads the lease")
                    .anyMatch(st -> st.contains("dynamodb:GetItem") && st.contains("SessionLeasesTable"));
        });
        assertThat(senders).contains("ConnectFunction", "LogoutFunction", "EvolutionApiFunction");
    }

    /** Each policy statement of a function, as text. */
    private static List<String> statements(Map<String, Object> props) {
        List<String> out = new ArrayList<>();
        Object policies = props.get("Policies");
        if (policies instanceof List<?> list) {
            for (Object p : list) {
                Object st = SamTemplate.map(p).get("Statement");
                if (st instanceof List<?> sts) {
                    sts.forEach(s -> out.add(String.valueOf(s)));
                }
            }
        }
        return out;
    }
}
