package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokensTest {

    @Test
    void tableSizesMatchTheSpec() {
        assertThat(TokenData.SINGLE_BYTE).hasSize(236);
        assertThat(TokenData.SINGLE_BYTE[0]).isEmpty();
        assertThat(TokenData.DOUBLE_BYTE).hasNumberOfRows(4);
        for (String[] dictionary : TokenData.DOUBLE_BYTE) {
            assertThat(dictionary).hasSize(256);
        }
        assertThat(Tokens.DICT_VERSION).isEqualTo(3);
    }

    @Test
    void everyTokenLooksUpBothWays() {
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < Tokens.SINGLE_BYTE_COUNT; i++) {
            assertThat(Tokens.singleByteIndex(Tokens.singleByte(i))).isEqualTo(i);
            assertThat(seen.add(Tokens.singleByte(i))).isTrue();
        }
        for (int d = 0; d < 4; d++) {
            for (int i = 0; i < 256; i++) {
                String token = Tokens.doubleByte(d, i);
                assertThat(Tokens.doubleByteIndex(token)).isEqualTo(d * 256 + i);
                assertThat(seen.add(token)).as("duplicate token %s", token).isTrue();
            }
        }
        assertThat(Tokens.singleByteIndex("")).isEqualTo(-1);
        assertThat(Tokens.singleByteIndex("pair-success")).isEqualTo(-1);
        assertThat(Tokens.doubleByteIndex("md")).isEqualTo(-1);
    }

    @Test
    void rejectsOutOfRangeIndices() {
        assertThatThrownBy(() -> Tokens.singleByte(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.singleByte(236)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.doubleByte(4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.doubleByte(0, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Spec section 3.6 table "Indices used by login/pairing". */
    @ParameterizedTest
    @CsvSource({
        "xmlstreamstart,01",
        "xmlstreamend,02",
        "s.whatsapp.net,03",
        "type,04",
        "from,06",
        "id,08",
        "notification,09",
        "jid,0c",
        "to,11",
        "result,14",
        "xmlns,16",
        "iq,19",
        "t,1a",
        "ack,1b",
        "get,29",
        "0,2d",
        "text,38",
        "device,3b",
        "location,3d",
        "count,41",
        "platform,4a",
        "success,4c",
        "key-index,50",
        "1,55",
        "ping,56",
        "w:p,57",
        "set,5a",
        "value,6c",
        "code,70",
        "list,71",
        "lid,76",
        "401,8d",
        "identity,9c",
        "stream:error,9d",
        "key,9e",
        "error,a8",
        "registration,ad",
        "encrypt,cb",
        "signature,d4",
        "device-identity,e6",
        "active,ec01",
        "conflict,ec0e",
        "replaced,ec11",
        "passive,ec18",
        "skey,ec2d",
        "reason,ec2e",
        "ref,ed50",
        "pair-device,edee",
        "failure,ee3c",
        "biz,ee54"
    })
    void specTokenIndices(String token, String hex) {
        // <xx>TOKEN</xx> = f8 02, "xx" raw (fc 02 78 78), then the token bytes.
        byte[] encoded = NodeEncoder.encode(Node.builder("xx").content(token).build());
        assertThat(Hex.hex(encoded)).isEqualTo("f802fc027878" + hex);
    }

    @ParameterizedTest
    @CsvSource({"md", "pair-success", "pair-device-sign", "remove-companion-device", "link_code_companion_reg"})
    void nonTokensGoRaw(String value) {
        byte[] encoded = NodeEncoder.encode(Node.builder("xx").content(value).build());
        assertThat(encoded[6] & 0xFF).isEqualTo(WireTag.BINARY_8);
    }
}
