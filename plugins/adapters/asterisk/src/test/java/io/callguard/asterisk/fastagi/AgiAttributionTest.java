package io.callguard.asterisk.fastagi;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Asterisk server a FastAGI session comes from: the URL's {@code asterisk=} first, else the peer address. */
class AgiAttributionTest {
    private static SocketAddress peer(String ip) { return SocketAddress.inetSocketAddress(40000, ip); }

    private static AgiAttribution twoServers() {
        Map<String, List<String>> agi = new LinkedHashMap<>();
        agi.put("pbx-a", List.of("10.0.0.1"));
        agi.put("pbx-b", List.of("10.0.0.2", "10.0.0.3"));
        return AgiAttribution.of(agi);
    }

    @Test
    void oneServerAttributesNothing() {
        assertThat(AgiAttribution.of(Map.of("asterisk", List.of("127.0.0.1"))).serverOf("", peer("10.9.9.9"))).isNull();
        assertThat(AgiAttribution.SINGLE.serverOf("pbx-z", null)).isNull();
    }

    @Test
    void theNamedServerWinsElseThePeerAddressElseNobody() {
        AgiAttribution a = twoServers();
        assertThat(a.serverOf("pbx-b", peer("10.0.0.1")).server()).as("the dialplan's name first").isEqualTo("pbx-b");
        assertThat(a.serverOf("pbx-z", peer("10.0.0.1")).known()).as("an unknown name is not guessed around").isFalse();
        assertThat(a.serverOf("", peer("10.0.0.3")).server()).isEqualTo("pbx-b");
        assertThat(a.serverOf("", peer("10.0.0.1")).server()).isEqualTo("pbx-a");
        assertThat(a.serverOf("", peer("10.9.9.9")).known()).isFalse();
        assertThat(a.serverOf("", null).known()).isFalse();
    }

    @Test
    void anAddressTwoServersShareAttributesNeither() {
        Map<String, List<String>> agi = new LinkedHashMap<>();
        agi.put("pbx-a", List.of("127.0.0.1"));
        agi.put("pbx-b", List.of("127.0.0.1"));
        AgiAttribution a = AgiAttribution.of(agi);
        assertThat(a.serverOf("", peer("127.0.0.1")).known()).isFalse();
        assertThat(a.serverOf("pbx-b", peer("127.0.0.1")).server()).isEqualTo("pbx-b");
    }

    @Test
    void theServerIsReadFromTheScriptsQueryString() {
        assertThat(AgiHeader.queryParameter("outbound?asterisk=pbx-b", "asterisk")).isEqualTo("pbx-b");
        assertThat(AgiHeader.queryParameter("outbound?x=1&asterisk=pbx-b&y=2", "asterisk")).isEqualTo("pbx-b");
        assertThat(AgiHeader.queryParameter("outbound", "asterisk")).isEmpty();
        assertThat(AgiHeader.queryParameter("outbound?asterisks=pbx-b", "asterisk")).isEmpty();
        AgiHeader h = new AgiHeader(128);
        h.accept("agi_network_script: outbound?asterisk=pbx-a");
        h.accept("agi_uniqueid: 1736150400.7");
        assertThat(h.script()).isEqualTo("outbound");
        assertThat(h.asterisk()).isEqualTo("pbx-a");
        assertThat(h.toCallRequest(h.direction(), "pbx-a").uniqueId()).isEqualTo("pbx-a/1736150400.7");
        assertThat(h.toCallRequest(h.direction()).uniqueId()).isEqualTo("1736150400.7");
    }
}
