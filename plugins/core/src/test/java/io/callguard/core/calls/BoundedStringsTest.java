package io.callguard.core.calls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedStringsTest {
    private final BoundedStrings strings = new BoundedStrings(4, 8);

    @Test
    void equalValuesComeBackAsTheFirstInstance() {
        String first = new String("trunk-a");
        assertThat(strings.of(first)).isSameAs(first);
        assertThat(strings.of(new String("trunk-a"))).isSameAs(first);
        assertThat(strings.of(null)).isNull();
        assertThat(strings.of(new String(""))).isSameAs("");
    }

    @Test
    void theTableNeverHoldsMoreThanItsBoundWhateverTheValuesSent() {
        for (int i = 0; i < 10_000; i++) {
            strings.of("v" + i);
            assertThat(strings.size()).isLessThanOrEqualTo(4);
        }
        // still sharing after the flood
        String again = new String("again");
        assertThat(strings.of(again)).isSameAs(again);
        assertThat(strings.of(new String("again"))).isSameAs(again);
    }

    @Test
    void aValueLongerThanTheMaximumIsReturnedAsGivenAndNotKept() {
        String longer = "123456789";
        assertThat(strings.of(longer)).isSameAs(longer);
        assertThat(strings.of(new String(longer))).isNotSameAs(longer);
        assertThat(strings.size()).isZero();
    }
}
