package io.callguard.records.build;

import io.callguard.core.control.CallEvent;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Gap;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records of a node behind several Asterisk servers: call keys qualified {@code <server>/<uniqueid>} name the
 * record's server, and each server's stream loss is its own gap.
 */
class SeveralAsteriskServersRecordsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T21:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Object> out = new ArrayList<>();
    private final CallRecordBuilder builder = new CallRecordBuilder(clock, FrenchNumberingPlan.withDefaults(), "pbx-1",
            Duration.ofHours(3), false, out::add, out::add);

    private void call(String key) {
        builder.onCallEvent(new CallEvent.ChannelCreated(key, key, "PJSIP/trunk-a-00000007", "acme", "0140000000",
                "0612345678", "Ring"));
        builder.onCallEvent(new CallEvent.HungUp(key, "PJSIP/trunk-a-00000007", 16, null, null));
    }

    @Test
    void theSameUniqueidOnTwoServersGivesTwoRecordsEachNamingItsServer() {
        call("paris-1/1736150400.7");
        call("lyon-1/1736150400.7");
        call("1736150400.8"); // a plain key (one server): the configured records.asteriskNode
        assertThat(out).hasSize(3).allMatch(CallRecord.class::isInstance);
        assertThat(out).map(o -> (CallRecord) o).extracting(CallRecord::uniqueId, CallRecord::asteriskNode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paris-1/1736150400.7", "paris-1"),
                        org.assertj.core.groups.Tuple.tuple("lyon-1/1736150400.7", "lyon-1"),
                        org.assertj.core.groups.Tuple.tuple("1736150400.8", "pbx-1"));
    }

    @Test
    void eachServersLossIsItsOwnGapClosedByItsOwnRestoration() {
        builder.onCallEvent(new CallEvent.StreamLost(T0, CallEvent.StreamLost.AMI_DOWN, "paris-1"));
        builder.onCallEvent(new CallEvent.StreamLost(T0.plusSeconds(5), CallEvent.StreamLost.ASTERISK_RESTART, "lyon-1"));
        assertThat(builder.lostSince()).isEqualTo(T0);

        builder.onCallEvent(new CallEvent.StreamRestored(T0.plusSeconds(8), "lyon-1"));
        assertThat(out).containsExactly(new Gap(T0.plusSeconds(5), T0.plusSeconds(8), "ASTERISK_RESTART"));
        assertThat(builder.lostSince()).as("paris-1 is still away").isEqualTo(T0);

        builder.onCallEvent(new CallEvent.StreamRestored(T0.plusSeconds(9), "paris-1"));
        assertThat(out).containsExactly(new Gap(T0.plusSeconds(5), T0.plusSeconds(8), "ASTERISK_RESTART"),
                new Gap(T0, T0.plusSeconds(9), "AMI_DOWN"));
        assertThat(builder.lostSince()).isNull();
    }
}
