package io.callguard.core.calls;

import io.callguard.core.policy.Direction;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** LiveCall keeps its times as numbers (issue 13) and must still behave as the record it was. */
class LiveCallTest {
    private static final Instant STARTED = Instant.parse("2026-11-26T17:25:36.123456789Z");
    private static final Instant ANSWERED = Instant.parse("1969-12-31T23:59:59.5Z"); // a negative epoch second

    private static LiveCall call(Instant started, Instant answered) {
        return new LiveCall("1.69", "1.69", "PJSIP/trunk-a-00000045", "trunk-a", "acme", Direction.OUTBOUND,
                "0140000000", "0612345678", "Up", started, answered, 3600L);
    }

    @Test
    void timesComeBackEqualToWhatWasGivenNullIncluded() {
        LiveCall c = call(STARTED, ANSWERED);
        assertThat(c.startedAt()).isEqualTo(STARTED);
        assertThat(c.answeredAt()).isEqualTo(ANSWERED);
        assertThat(call(null, null).startedAt()).isNull();
        assertThat(call(null, null).answeredAt()).isNull();
        assertThat(call(Instant.MAX, Instant.MIN).startedAt()).isEqualTo(Instant.MAX);
        assertThat(call(Instant.MAX, Instant.MIN).answeredAt()).isEqualTo(Instant.MIN);
    }

    @Test
    void equalsHashCodeAndToStringAreThoseOfARecordOfItsComponents() {
        LiveCall c = call(STARTED, ANSWERED);
        assertThat(c).isEqualTo(call(STARTED, ANSWERED)).hasSameHashCodeAs(call(STARTED, ANSWERED));
        assertThat(c).isNotEqualTo(call(STARTED, null)).isNotEqualTo(call(STARTED.plusNanos(1), ANSWERED));
        assertThat(call(null, null)).isEqualTo(call(null, null)).isNotEqualTo(call(Instant.EPOCH, null));
        assertThat(c.toString()).isEqualTo("LiveCall[uniqueId=1.69, linkedId=1.69, channel=PJSIP/trunk-a-00000045, "
                + "endpoint=trunk-a, accountId=acme, direction=OUTBOUND, caller=0140000000, callee=0612345678, "
                + "state=Up, startedAt=2026-11-26T17:25:36.123456789Z, answeredAt=1969-12-31T23:59:59.500Z, "
                + "maxSeconds=3600]");
    }

    @Test
    void startOrderPutsEarlierFirstAndNoStartLast() {
        assertThat(LiveCall.compareStart(call(STARTED, null), call(STARTED.plusNanos(1), null))).isNegative();
        assertThat(LiveCall.compareStart(call(STARTED, null), call(STARTED, ANSWERED))).isZero();
        assertThat(LiveCall.compareStart(call(null, null), call(STARTED, null))).isPositive();
    }
}
