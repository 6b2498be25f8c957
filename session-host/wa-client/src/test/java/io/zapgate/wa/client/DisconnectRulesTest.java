package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.client.DisconnectRules.Action;
import io.zapgate.wa.client.DisconnectRules.Decision;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.StreamError;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test (or parameterized row) per row of the {@link DisconnectRules} tables. */
class DisconnectRulesTest {
    private static final Instant NOW = Instant.now();

    private static Node streamError(String code, Node... children) {
        var builder = Node.builder("stream:error").attr("code", code);
        if (children.length > 0) {
            builder.children(children);
        }
        return builder.build();
    }

    private static Node conflict(String type) {
        return Node.builder("conflict").attr("type", type).build();
    }

    private static Node failure(String reason) {
        return Node.builder("failure").attr("reason", reason).build();
    }

    // --- <stream:error> ---

    @Test
    void streamError515Restarts() {
        assertThat(DisconnectRules.forStreamError(streamError("515"))).isEqualTo(Decision.of(Action.RESTART));
    }

    @Test
    void streamError515WinsOverAConflict() {
        assertThat(DisconnectRules.forStreamError(streamError("515", conflict("replaced")))
                        .action())
                .isEqualTo(Action.RESTART);
    }

    @Test
    void streamError401WithDeviceRemovedLogsOut() {
        assertThat(DisconnectRules.forStreamError(streamError("401", conflict("device_removed"))))
                .isEqualTo(Decision.of(Action.LOG_OUT, new LoggedOut(401, false)));
    }

    @Test
    void conflictReplacedStops() {
        Node replaced =
                Node.builder("stream:error").children(conflict("replaced")).build();
        assertThat(DisconnectRules.forStreamError(replaced)).isEqualTo(Decision.of(Action.STOP, new StreamReplaced()));
        assertThat(DisconnectRules.forStreamError(streamError("401", conflict("replaced")))
                        .action())
                .isEqualTo(Action.STOP);
    }

    @Test
    void streamError503WaitsForTheCloseSilently() {
        assertThat(DisconnectRules.forStreamError(streamError("503"))).isEqualTo(Decision.of(Action.AWAIT_CLOSE));
    }

    @Test
    void bare401IsAStreamErrorNotALogout() {
        assertThat(DisconnectRules.forStreamError(streamError("401")))
                .isEqualTo(Decision.of(Action.AWAIT_CLOSE, new StreamError("401", "")));
    }

    @Test
    void deviceRemovedWithoutCode401IsAStreamError() {
        Node node = Node.builder("stream:error")
                .children(conflict("device_removed"))
                .build();
        assertThat(DisconnectRules.forStreamError(node))
                .isEqualTo(Decision.of(Action.AWAIT_CLOSE, new StreamError("", "conflict:device_removed")));
    }

    @Test
    void unacknowledgedStanzaComplaintIsAStreamError() {
        Node node = Node.builder("stream:error")
                .children(Node.builder("ack").attr("id", "3EB0ABC").build())
                .build();
        assertThat(DisconnectRules.forStreamError(node))
                .isEqualTo(Decision.of(Action.AWAIT_CLOSE, new StreamError("", "ack")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "999", "abc", ""})
    void anyOtherStreamErrorIsAStreamError(String code) {
        assertThat(DisconnectRules.forStreamError(streamError(code, Node.of("xml-not-well-formed"))))
                .isEqualTo(Decision.of(Action.AWAIT_CLOSE, new StreamError(code, "xml-not-well-formed")));
    }

    @Test
    void streamErrorWithoutAnything() {
        assertThat(DisconnectRules.forStreamError(Node.of("stream:error")))
                .isEqualTo(Decision.of(Action.AWAIT_CLOSE, new StreamError("", "")));
    }

    // --- <failure> ---

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 406})
    void loggedOutFailures(int reason) {
        assertThat(DisconnectRules.forFailure(failure(String.valueOf(reason)), NOW))
                .isEqualTo(Decision.of(Action.LOG_OUT, new LoggedOut(reason, true)));
    }

    @Test
    void failure402IsATemporaryBan() {
        Node ban = Node.builder("failure")
                .attr("reason", "402")
                .attr("code", "103")
                .attr("expire", "7200")
                .build();
        assertThat(DisconnectRules.forFailure(ban, NOW))
                .isEqualTo(Decision.of(Action.STOP, new TemporaryBan(103, NOW.plusSeconds(7200))));
    }

    @Test
    void failure402WithoutDetailsEndsNow() {
        assertThat(DisconnectRules.forFailure(failure("402"), NOW))
                .isEqualTo(Decision.of(Action.STOP, new TemporaryBan(0, NOW)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void serverErrorFailuresReconnect(int reason) {
        assertThat(DisconnectRules.forFailure(failure(String.valueOf(reason)), NOW))
                .isEqualTo(Decision.of(Action.RECONNECT));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409, 415, 418, 501, 502, 777})
    void everyOtherFailureIsAConnectFailure(int reason) {
        Node node = Node.builder("failure")
                .attr("reason", String.valueOf(reason))
                .attr("message", "m")
                .build();
        assertThat(DisconnectRules.forFailure(node, NOW))
                .isEqualTo(Decision.of(Action.STOP, new ConnectFailure(reason, "m")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "4o1"})
    void unreadableReasonIsZero(String reason) {
        assertThat(DisconnectRules.forFailure(failure(reason), NOW))
                .isEqualTo(Decision.of(Action.STOP, new ConnectFailure(0, "")));
    }

    @Test
    void missingReasonIsZero() {
        assertThat(DisconnectRules.failureReason(Node.of("failure"))).isZero();
        assertThat(DisconnectRules.forFailure(Node.of("failure"), NOW).event())
                .isEqualTo(Optional.of(new ConnectFailure(0, "")));
    }
}
