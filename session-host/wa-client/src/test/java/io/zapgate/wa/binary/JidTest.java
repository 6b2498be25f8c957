package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

    @ParameterizedTest
    @CsvSource({
        "@s.whatsapp.net, '', 0, 0, 0, s.whatsapp.net",
        "15551234567@s.whatsapp.net, 15551234567, 0, 0, 0, s.whatsapp.net",
        "15551234567:7@s.whatsapp.net, 15551234567, 0, 7, 0, s.whatsapp.net",
        "15551234567.5:7@s.whatsapp.net, 15551234567, 5, 7, 0, s.whatsapp.net",
        "99887766:7@lid, 99887766, 0, 7, 0, lid",
        "123:4@hosted, 123, 0, 4, 0, hosted",
        "123:4@hosted.lid, 123, 0, 4, 0, hosted.lid",
        "100001:300@msgr, 100001, 0, 300, 0, msgr",
        "7-42:3@interop, 42, 0, 3, 7, interop",
        "120363025246125486@g.us, 120363025246125486, 0, 0, 0, g.us",
        "status@broadcast, status, 0, 0, 0, broadcast",
        "120363144038483540@newsletter, 120363144038483540, 0, 0, 0, newsletter",
        "0@c.us, 0, 0, 0, 0, c.us",
        ":3@s.whatsapp.net, '', 0, 3, 0, s.whatsapp.net"
    })
    void canonicalFormsParseAndPrint(String text, String user, int agent, int device, int integrator, String server) {
        Jid jid = Jid.parse(text);
        assertThat(jid).isEqualTo(new Jid(user, agent, device, integrator, server));
        assertThat(jid.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "s.whatsapp.net, @s.whatsapp.net",
        "g.us, @g.us",
        "15551234567:0@s.whatsapp.net, 15551234567@s.whatsapp.net",
        "15551234567_5:7@s.whatsapp.net, 15551234567.5:7@s.whatsapp.net",
        "15551234567.5@s.whatsapp.net, 15551234567.5:0@s.whatsapp.net",
        "42@interop, 0-42@interop",
        "100001:0@msgr, 100001@msgr"
    })
    void alternativeFormsParse(String text, String canonical) {
        assertThat(Jid.parse(text).toString()).isEqualTo(canonical);
        assertThat(Jid.parse(canonical)).isEqualTo(Jid.parse(text));
    }

    @Test
    void constantsAndHelpers() {
        assertThat(Jid.SERVER_JID.toString()).isEqualTo("@s.whatsapp.net");
        assertThat(Jid.SERVER_JID.user()).isEmpty();
        assertThat(Jid.parse("1:2@lid").domainType()).isEqualTo(Jid.DOMAIN_LID);
        assertThat(Jid.parse("1:2@hosted").domainType()).isEqualTo(Jid.DOMAIN_HOSTED);
        assertThat(Jid.parse("1:2@hosted.lid").domainType()).isEqualTo(Jid.DOMAIN_HOSTED_LID);
        assertThat(Jid.parse("1.9:2@s.whatsapp.net").domainType()).isEqualTo(9);
        assertThat(Jid.parse("1.9:2@s.whatsapp.net").toNonAd()).isEqualTo(Jid.of("1", "s.whatsapp.net"));
        assertThat(Jid.parse("1:2@lid").isAd()).isTrue();
        assertThat(Jid.parse("1@lid").isAd()).isFalse();
        assertThat(Jid.ofAd("1", 0, 3)).isEqualTo(Jid.ofDevice("1", 3, "s.whatsapp.net"));
        assertThat(Jid.ofAd("1", 1, 3).server()).isEqualTo("lid");
        assertThat(Jid.ofAd("1", 128, 0).server()).isEqualTo("hosted");
        assertThat(Jid.ofAd("1", 129, 0).server()).isEqualTo("hosted.lid");
        assertThat(Jid.ofAd("1", 77, 0)).isEqualTo(new Jid("1", 77, 0, 0, "s.whatsapp.net"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "@",
                "a@b@c",
                "1:x@s.whatsapp.net",
                "1:256@s.whatsapp.net",
                "1:70000@msgr",
                "1:2@g.us",
                "1.5:2@lid",
                "1.1:2@s.whatsapp.net",
                "1.300@s.whatsapp.net",
                "1:1234567@s.whatsapp.net",
                "7-1@msgr"
            })
    void rejectsMalformedOrUnencodable(String text) {
        if (text.equals("7-1@msgr")) {
            assertThat(Jid.parse(text).user()).isEqualTo("7-1"); // integrator prefix is only read on interop
            return;
        }
        assertThatThrownBy(() -> Jid.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorInvariants() {
        assertThatThrownBy(() -> new Jid("1", 0, 0, 5, "s.whatsapp.net")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Jid("1", -1, 0, 0, "s.whatsapp.net")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Jid(null, 0, 0, 0, "s.whatsapp.net")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Jid.of("1", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
