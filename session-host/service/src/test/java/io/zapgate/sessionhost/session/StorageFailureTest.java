package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.command.CommandType;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.ConnectionStates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the instance row cannot be written, no session lingers holding the lease and swallowing connects. */
class StorageFailureTest {
    private static final class UnwritableStates implements ConnectionStates {
        @Override
        public boolean updateConnection(InstanceKey key, String instanceId, Connection connection) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
        }

        @Override
        public boolean updateProfile(InstanceKey key, String instanceId, Profile profile) {
            return true;
        }

        @Override
        public List<Instance> resumable() {
            return List.of();
        }
    }

    @Test
    void aConnectWhoseStateCannotBeRecordedFailsAndLeavesNothingBehind() {
        Rig rig = new Rig();
        SessionPorts ports = new SessionPorts(rig.store, new UnwritableStates(), rig.results, rig.events, rig.leases,
                rig.saved, rig.clock);
        SessionSupervisor supervisor = new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
        CommandHandler handler = new CommandHandler(supervisor, ports);
        handler.handle(rig.command(CommandType.CONNECT, Map.of("requestId", "r1")));
        assertThat(rig.result("r1").kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
        assertThat(rig.clients.created()).allSatisfy(c -> assertThat(c.connects).hasValue(0));
    }
}
