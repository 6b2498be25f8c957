package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class IqRequestsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final IqRequests iq = new IqRequests(time, Duration.ofSeconds(75));
    private final FakeLink link = new FakeLink();

    @Test
    void idsFollowTheWhatsmeowShape() {
        assertThat(iq.nextId()).matches("\\d{1,3}\\.\\d{1,3}-1");
        assertThat(iq.nextId()).endsWith("-2");
    }

    @Test
    void answersAreMatchedById() throws Exception {
        var future = iq.query(link, "encrypt", "get", List.of(Node.of("count")));
        Node sent = link.sent.get(0);
        assertThat(sent.jidAttr("to")).contains(Jid.SERVER_JID);
        assertThat(iq.complete(Node.builder("iq")
                        .attr("id", "other")
                        .attr("type", "result")
                        .build()))
                .isFalse();
        assertThat(iq.complete(FakeLink.result(sent))).isTrue();
        assertThat(future.get().attr("type")).contains("result");
        assertThat(iq.pendingCount()).isZero();
    }

    @Test
    void errorAnswerAndTimeoutAndDisconnect() {
        var error = iq.query(link, "md", "set", List.of());
        iq.complete(Node.builder("iq")
                .attr("id", link.sent.get(0).attr("id").orElseThrow())
                .attr("type", "error")
                .children(Node.builder("error")
                        .attr("code", "404")
                        .attr("text", "item-not-found")
                        .build())
                .build());
        assertThat(cause(error)).satisfies(e -> {
            assertThat(e.code()).isEqualTo(404);
            assertThat(e.text()).isEqualTo("item-not-found");
        });
        var timeout = iq.query(link, "w:p", "get", List.of(), Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertThat(cause(timeout).isTimeout()).isTrue();
        var dropped = iq.query(link, "w:p", "get", List.of());
        iq.failAll(link);
        assertThat(cause(dropped).isDisconnected()).isTrue();
    }

    private static IqException cause(java.util.concurrent.CompletableFuture<Node> future) {
        try {
            future.get();
            throw new AssertionError("expected failure");
        } catch (ExecutionException e) {
            Assertions.assertThat(e.getCause()).isInstanceOf(IqException.class);
            return (IqException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
