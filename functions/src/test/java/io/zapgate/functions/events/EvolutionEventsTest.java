package io.zapgate.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.session.InstanceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zapgate's instance.state events as Evolution's connection.update / qrcode.updated. */
class EvolutionEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://hooks.example.com/evo";

    private static Instance instance(boolean byEvents, List<String> events) {
        var account = Samples.account(1);
        Instance base = Samples.instance(account, "evo");
        return new Instance(
                base.id(),
                base.accountId(),
                base.name(),
                base.createdAt(),
                base.tokenHash(),
                base.connection(),
                new Profile("Ana", "https://pps.example/ana.jpg", false, null, "android"),
                base.settings(),
                base.proxy(),
                base.s3(),
                new WebhookSettings(
                        true,
                        List.of(URL),
                        null,
                        byEvents,
                        events,
                        false,
                        "whsec_x",
                        WebhookSettings.Format.EVOLUTION,
                        Map.of(),
                        null),
                base.websocket(),
                base.chatwoot());
    }

    private static InstanceEvent event(
            Instance i, InstanceState state, InstanceState previous, DisconnectReason reason, String qr) {
        return new InstanceEvent(
                "ev",
                i.accountId(),
                i.name(),
                i.id(),
                state,
                previous,
                reason,
                qr,
                state == InstanceState.CONNECTED ? "5511987654321:4@s.whatsapp.net" : null,
                1,
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void theFirstQrIsAConnectionUpdateAndAQrcodeUpdated() throws Exception {
        Instance i = instance(true, List.of());
        var calls = EvolutionEvents.calls(
                i, event(i, InstanceState.CONNECTING, InstanceState.DISCONNECTED, null, "2@abc"), URL);
        assertThat(calls)
                .extracting(EvolutionEvents.Call::event)
                .containsExactly("connection.update", "qrcode.updated");
        assertThat(calls)
                .extracting(EvolutionEvents.Call::url)
                .containsExactly(URL + "/connection-update", URL + "/qrcode-updated");
        JsonNode update = JSON.readTree(calls.get(0).body());
        assertThat(update.get("data").toString())
                .isEqualTo("{\"instance\":\"evo\",\"state\":\"connecting\",\"statusReason\":200}");
        JsonNode qr = JSON.readTree(calls.get(1).body());
        assertThat(qr.get("event").asText()).isEqualTo("qrcode.updated");
        assertThat(qr.get("instance").asText()).isEqualTo("evo");
        assertThat(qr.get("destination").asText()).isEqualTo(URL + "/qrcode-updated");
        assertThat(qr.get("date_time").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(qr.at("/data/qrcode/code").asText()).isEqualTo("2@abc");
        assertThat(qr.at("/data/qrcode/pairingCode").isNull()).isTrue();
        assertThat(qr.at("/data/qrcode/base64").asText()).startsWith("data:image/png;base64,");
        assertThat(qr.fieldNames())
                .toIterable()
                .containsExactly(
                        "event", "instance", "data", "destination", "date_time", "sender", "server_url", "apikey");
        // a rotation (connecting → connecting) is only a qrcode.updated
        assertThat(EvolutionEvents.calls(
                        i, event(i, InstanceState.CONNECTING, InstanceState.CONNECTING, null, "2@def"), URL))
                .extracting(EvolutionEvents.Call::event)
                .containsExactly("qrcode.updated");
    }

    @Test
    void openCarriesTheProfileAndCloseTheReasonCode() throws Exception {
        Instance i = instance(false, List.of("CONNECTION_UPDATE"));
        var open =
                EvolutionEvents.calls(i, event(i, InstanceState.CONNECTED, InstanceState.CONNECTING, null, null), URL);
        assertThat(open).singleElement().satisfies(c -> assertThat(c.url()).isEqualTo(URL));
        JsonNode data = JSON.readTree(open.get(0).body()).get("data");
        assertThat(data.get("state").asText()).isEqualTo("open");
        assertThat(data.get("wuid").asText()).isEqualTo("5511987654321:4@s.whatsapp.net");
        assertThat(data.get("profileName").asText()).isEqualTo("Ana");
        assertThat(data.get("profilePictureUrl").asText()).isEqualTo("https://pps.example/ana.jpg");
        for (var r : Map.of(
                        InstanceState.LOGGEDOUT, DisconnectReason.LOGGED_OUT,
                        InstanceState.BANNED, DisconnectReason.BANNED,
                        InstanceState.DISCONNECTED, DisconnectReason.NETWORK)
                .entrySet()) {
            var closed =
                    EvolutionEvents.calls(i, event(i, r.getKey(), InstanceState.CONNECTED, r.getValue(), null), URL);
            JsonNode d = JSON.readTree(closed.get(0).body()).get("data");
            assertThat(d.get("state").asText()).as(r.getKey().wire()).isEqualTo("close");
            assertThat(d.get("statusReason").asInt()).isEqualTo(EvolutionEvents.statusCode(r.getValue()));
        }
        // QRCODE_UPDATED not subscribed: a QR rotation sends nothing
        assertThat(EvolutionEvents.calls(
                        i, event(i, InstanceState.CONNECTING, InstanceState.CONNECTING, null, "2@x"), URL))
                .isEmpty();
    }

    @Test
    void stateMapping() {
        assertThat(EvolutionEvents.state(InstanceState.CONNECTED)).isEqualTo("open");
        assertThat(EvolutionEvents.state(InstanceState.CONNECTING)).isEqualTo("connecting");
        assertThat(EvolutionEvents.state(InstanceState.DISCONNECTED)).isEqualTo("close");
        assertThat(EvolutionEvents.state(InstanceState.LOGGEDOUT)).isEqualTo("close");
        assertThat(EvolutionEvents.state(InstanceState.BANNED)).isEqualTo("close");
        assertThat(EvolutionEvents.statusCode(DisconnectReason.LOGGED_OUT)).isEqualTo(401);
    }
}
