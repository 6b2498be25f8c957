package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final CommandHeader H = new CommandHeader("c-1", "acc-1", "sales", "iid-1", AT, AT.plusSeconds(25));

    @Test
    void everyCommandSurvivesTheWire() {
        List<InstanceCommand> all = List.of(
                new InstanceCommand.Connect(H, "r-1", null, 0),
                new InstanceCommand.Connect(H, "r-2", "15551234567", 30),
                new InstanceCommand.Reconnect(H, null),
                new InstanceCommand.Reconnect(H, "r-3"),
                new InstanceCommand.Logout(H, "r-4"),
                new InstanceCommand.Delete(H, null),
                new InstanceCommand.Delete(H, "r-5"),
                new InstanceCommand.ApplySettings(H),
                new InstanceCommand.Adopt(H));
        for (InstanceCommand c : all) {
            assertThat(CommandCodec.decode(CommandCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void theWireFormatKeepsThePreviousKeysAndAddsTheExpiry() {
        String body = CommandCodec.encode(new InstanceCommand.Connect(H, "r-2", "15551234567", 30));
        assertThat(body)
                .contains("\"v\":1", "\"type\":\"CONNECT\"", "\"commandId\":\"c-1\"", "\"instanceId\":\"iid-1\"")
                .contains("\"args\":{\"requestId\":\"r-2\",\"number\":\"15551234567\",\"historyDays\":\"30\"}")
                .contains("\"expiresAt\":\"2026-11-23T10:00:25Z\"");
    }

    @Test
    void anAdoptionRequestHasItsOwnTypeAndNoArguments() {
        String body = CommandCodec.encode(new InstanceCommand.Adopt(H));
        assertThat(body).contains("\"type\":\"ADOPT\"", "\"args\":{}", "\"instanceId\":\"iid-1\"");
        assertThat(CommandCodec.decode(body)).isEqualTo(new InstanceCommand.Adopt(H));
    }

    @Test
    void messagesOfThePreviousReleaseAreRead() {
        String connect = "{\"v\":1,\"commandId\":\"c-9\",\"type\":\"CONNECT\",\"accountId\":\"acc-1\","
                + "\"instanceName\":\"sales\",\"instanceId\":\"iid-1\",\"issuedAt\":\"2026-11-23T10:00:00Z\","
                + "\"args\":{\"requestId\":\"r-9\",\"number\":\"15551234567\",\"history\":\"7\"}}";
        InstanceCommand c = CommandCodec.decode(connect);
        assertThat(c)
                .isEqualTo(new InstanceCommand.Connect(
                        new CommandHeader("c-9", "acc-1", "sales", "iid-1", AT, AT.plus(CommandCodec.LEGACY_LIFETIME)),
                        "r-9",
                        "15551234567",
                        7));
        String logout =
                connect.replace("CONNECT", "LOGOUT").replace(",\"number\":\"15551234567\",\"history\":\"7\"", "");
        assertThat(CommandCodec.decode(logout)).isInstanceOf(InstanceCommand.Logout.class);
        String delete = "{\"v\":1,\"commandId\":\"c-8\",\"type\":\"DELETE\",\"accountId\":\"acc-1\","
                + "\"instanceName\":\"sales\",\"instanceId\":\"iid-1\",\"issuedAt\":\"2026-11-23T10:00:00Z\",\"args\":{}}";
        assertThat(CommandCodec.decode(delete))
                .isEqualTo(new InstanceCommand.Delete(
                        new CommandHeader(
                                "c-8", "acc-1", "sales", "iid-1", AT, AT.plus(InstanceCommand.DELETE_LIFETIME)),
                        null));
        String settings = delete.replace("DELETE", "APPLY_SETTINGS");
        assertThat(CommandCodec.decode(settings).expiresAt()).isEqualTo(AT.plus(InstanceCommand.SETTINGS_LIFETIME));
    }

    @Test
    void unknownTypesVersionsAndBrokenBodiesAreRefused() {
        String presence = "{\"v\":1,\"commandId\":\"c-7\",\"type\":\"APPLY_PRESENCE\",\"accountId\":\"acc-1\","
                + "\"instanceName\":\"sales\",\"instanceId\":\"iid-1\",\"issuedAt\":\"2026-11-23T10:00:00Z\",\"args\":{}}";
        assertThatThrownBy(() -> CommandCodec.decode(presence)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.decode(presence.replace("\"v\":1", "\"v\":2")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.decode("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.decode(
                        presence.replace("APPLY_PRESENCE", "DELETE").replace("\"commandId\":\"c-7\",", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
