package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.ConnectFailure;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.StreamError;
import io.zapgate.wa.events.StreamReplaced;
import io.zapgate.wa.events.TemporaryBan;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionEventsTest {

    private static Node failure(String reason) {
        return Node.builder("failure").attr("reason", reason).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 406})
    void loggedOutFailuresWipeTheSession(int reason) throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(failure(String.valueOf(reason)));
        LoggedOut event = h.await(LoggedOut.class);
        assertThat(event.reason()).isEqualTo(reason);
        assertThat(event.onConnect()).isTrue();
        assertThat(h.store.load()).isEmpty();
        assertThat(h.client.device().isPaired()).isFalse();
        assertThat(link.closedExpected).isTrue();
        h.settle();
        h.time.advance(Duration.ofMinutes(5));
        assertThat(h.links).hasSize(1);
    }

    @Test
    void deviceRemovedStreamErrorIsALogout() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("stream:error")
                .attr("code", "401")
                .children(
                        Node.builder("conflict").attr("type", "device_removed").build())
                .build());
        LoggedOut event = h.await(LoggedOut.class);
        assertThat(event.onConnect()).isFalse();
        assertThat(h.store.load()).isEmpty();
    }

    @Test
    void temporaryBanCarriesTheExpiry() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("failure")
                .attr("reason", "402")
                .attr("code", "101")
                .attr("expire", "3600")
                .build());
        TemporaryBan ban = h.await(TemporaryBan.class);
        assertThat(ban.code()).isEqualTo(101);
        assertThat(ban.expiresAt()).isEqualTo(h.time.instant().plusSeconds(3600));
        assertThat(h.store.load()).isPresent();
        assertThat(link.closedExpected).isTrue();
    }

    @Test
    void outdatedAndOtherFailures() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        h.connect().receive(failure("405"));
        h.awaitLinks(2).receive(failure("405")); // the first 405 is retried once (OutdatedRetryTest)
        h.await(ClientOutdated.class);
        h.settle();
        h.connect()
                .receive(Node.builder("failure")
                        .attr("reason", "409")
                        .attr("message", "bad ua")
                        .build());
        ConnectFailure failure = h.await(ConnectFailure.class);
        assertThat(failure.reason()).isEqualTo(409);
        assertThat(failure.message()).isEqualTo("bad ua");
    }

    @Test
    void replacedIsPermanent() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("stream:error")
                .children(Node.builder("conflict").attr("type", "replaced").build())
                .build());
        h.await(StreamReplaced.class);
        h.settle();
        assertThat(link.closedExpected).isTrue();
        h.time.advance(Duration.ofMinutes(5));
        assertThat(h.links).hasSize(1);
    }

    @Test
    void code515RestartsImmediatelyWithoutDisconnectedEvent() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("stream:error").attr("code", "515").build());
        h.awaitLinks(2);
        assertThat(h.links).hasSize(2);
        assertThat(link.closedExpected).isTrue();
        h.settle();
        assertThat(h.allEvents).noneMatch(e -> e instanceof Disconnected);
    }

    @Test
    void unknownStreamErrorThenDropReconnectsWithBackoff() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("stream:error").attr("code", "999").build());
        assertThat(h.await(StreamError.class).code()).isEqualTo("999");
        link.close(false);
        assertThat(h.await(Disconnected.class).willReconnect()).isTrue();
        h.settle(); // the reconnect is scheduled on the inbound queue, right after Disconnected was emitted
        h.time.advance(ReconnectSettings.DEFAULT.delayFor(1)); // first attempt: no backoff yet
        h.awaitLinks(2);
        assertThat(h.links).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare-401", "ack", "503"})
    void nonFatalStreamErrorsKeepTheSessionAndReconnectOnClose(String kind) throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        Node error = switch (kind) {
            case "bare-401" -> Node.builder("stream:error").attr("code", "401").build();
            case "ack" ->
                Node.builder("stream:error")
                        .children(Node.builder("ack").attr("id", "3EB0AA").build())
                        .build();
            default -> Node.builder("stream:error").attr("code", "503").build();
        };
        link.receive(error);
        h.settle();
        assertThat(link.isOpen()).isTrue(); // the server closes, not us
        link.close(false);
        assertThat(h.await(Disconnected.class).willReconnect()).isTrue();
        assertThat(h.store.load()).isPresent();
        assertThat(h.client.device().isPaired()).isTrue();
        assertThat(h.allEvents).noneMatch(e -> e instanceof LoggedOut);
        if (kind.equals("503")) {
            assertThat(h.allEvents).noneMatch(e -> e instanceof StreamError);
        } else {
            assertThat(h.allEvents)
                    .filteredOn(e -> e instanceof StreamError)
                    .singleElement()
                    .isEqualTo(kind.equals("ack") ? new StreamError("", "ack") : new StreamError("401", ""));
        }
        h.settle();
        h.time.advance(ReconnectSettings.DEFAULT.delayFor(1));
        h.awaitLinks(2);
    }

    @Test
    void failureWithoutReasonIsAPermanentConnectFailure() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.of("failure"));
        assertThat(h.await(ConnectFailure.class).reason()).isZero();
        assertThat(link.closedExpected).isTrue();
        assertThat(h.store.load()).isPresent();
        h.settle();
        h.time.advance(Duration.ofMinutes(5));
        assertThat(h.links).hasSize(1);
    }

    @Test
    void serverErrorFailureIsRetried() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(failure("503"));
        assertThat(h.await(Disconnected.class).willReconnect()).isTrue();
        assertThat(link.closedExpected).isFalse();
    }
}
