package io.callguard.core.calls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelNamesTest {
    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource(value = {
            "PJSIP/trunk-a-0000002a         | trunk-a",
            "PJSIP/trunk-a-0000002A         | trunk-a",
            "PJSIP/100-00000001             | 100",
            "SIP/carrier-00000abc           | carrier",
            "Local/100@ctx-00000001;2       | 100",
            "Local/100@ctx-00000001;1       | 100",
            "pjsip/trunk-b-00000003         | trunk-b",
            "PJSIP/trunk-a                  | trunk-a",
            "garbage                        | ''",
            "''                             | ''",
            "PJSIP/                         | ''",
    }, delimiter = '|', nullValues = "NULL")
    void endpointOfReadsThePeerPart(String channel, String endpoint) {
        assertThat(ChannelNames.endpointOf(channel)).isEqualTo(endpoint);
    }

    @org.junit.jupiter.api.Test
    void nullIsEmpty() {
        assertThat(ChannelNames.endpointOf(null)).isEmpty();
    }
}
