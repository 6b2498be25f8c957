package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of {@link NodeRouter#dispatch}: random, mostly malformed stanzas built from the protocol's
 * vocabulary (tags, attributes and values the handlers look at) must never throw out of the router. The link is
 * closed, so nothing the handlers start can wait for an answer.
 */
class NodeRouterFuzzTest {
    private static final String[] TAGS = {
        "message",
        "appdata",
        "status",
        "receipt",
        "notification",
        "call",
        "iq",
        "ib",
        "success",
        "failure",
        "stream:error",
        "presence",
        "chatstate",
        "ack",
        "xmlstreamend",
        "offer",
        "pair-device",
        "pair-success",
        "ping",
        "count",
        "identity",
        "conflict",
        "offline",
        "offline_preview",
        "downgrade_webclient",
        "dirty",
        "link_code_companion_reg",
        "ref",
        "device",
        "device-identity",
        "x"
    };
    private static final String[] KEYS = {
        "id",
        "from",
        "to",
        "type",
        "participant",
        "recipient",
        "code",
        "reason",
        "count",
        "value",
        "expire",
        "message",
        "t",
        "call-id",
        "call-creator",
        "xmlns",
        "lid",
        "jid",
        "appdata",
        "notification",
        "receipt"
    };
    private static final String[] VALUES = {
        "",
        "0",
        "3",
        "5",
        "401",
        "402",
        "403",
        "405",
        "406",
        "500",
        "503",
        "515",
        "-1",
        "99999999999",
        "abc",
        "set",
        "get",
        "result",
        "error",
        "encrypt",
        "read",
        "retry",
        "link_code_companion_reg",
        "device_removed",
        "replaced",
        "s.whatsapp.net",
        "@s.whatsapp.net",
        "\u0000"
    };
    private static final Jid[] JIDS = {
        Jid.SERVER_JID,
        Jid.of("15559876543", Jid.DEFAULT_USER_SERVER),
        Jid.ofDevice("15559876543", 4, Jid.DEFAULT_USER_SERVER),
        Jid.of("1203630000", Jid.GROUP_SERVER),
        Jid.STATUS_BROADCAST_JID
    };

    @Test
    void randomStanzasNeverEscapeTheRouter() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        ClientCore core = h.core();
        FakeLink link = new FakeLink();
        link.open = false;
        Random random = new Random(0x5EED_ACC5L);
        for (int i = 0; i < 5_000; i++) {
            Node node = node(random, 0);
            assertDoesNotThrow(() -> core.router.dispatch(link, node), () -> "dispatch threw on " + node);
        }
        InboundStats stats = h.client.stats();
        assertThat(stats.messages() + stats.receipts() + stats.notifications()).isPositive();
    }

    private static Node node(Random random, int depth) {
        var builder = Node.builder(pick(random, TAGS));
        int attrs = random.nextInt(6);
        for (int a = 0; a < attrs; a++) {
            String key = pick(random, KEYS);
            builder.attr(key, random.nextInt(3) == 0 ? pick(random, JIDS) : pick(random, VALUES));
        }
        switch (random.nextInt(depth < 3 ? 5 : 3)) {
            case 0 -> {}
            case 1 -> builder.content(new byte[random.nextInt(40)]);
            case 2 -> builder.content(pick(random, VALUES));
            default -> {
                List<Node> children = new ArrayList<>();
                int count = random.nextInt(4);
                for (int c = 0; c < count; c++) {
                    children.add(node(random, depth + 1));
                }
                builder.children(children);
            }
        }
        return builder.build();
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
