package io.callguard.core.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SortableIdsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void idsMadeInOneMillisecondOrWhenTheClockGoesBackStillSortInCreationOrder() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 1000; i++) made.add(SortableIds.next(T0));
        made.add(SortableIds.next(T0.minusSeconds(60))); // the clock went back
        made.add(SortableIds.next(T0.plusSeconds(1)));
        assertThat(made).isSorted().doesNotHaveDuplicates().allMatch(SortableIds::valid);
        assertThat(made.get(made.size() - 1).substring(0, 10)).as("a later millisecond leads")
                .isGreaterThan(made.get(0).substring(0, 10));
    }

    @Test
    void onlyEighteenCrockfordDigitsAreAnId() {
        assertThat(SortableIds.valid("01KC0Q3Z5R7WXYZ000")).isTrue();
        assertThat(SortableIds.valid("01KC0Q3Z5R7WXYZ00")).as("17").isFalse();
        assertThat(SortableIds.valid("01KC0Q3Z5R7WXYZ00I")).as("I is not a Crockford digit").isFalse();
        assertThat(SortableIds.valid("01kc0q3z5r7wxyz000")).as("lower case").isFalse();
        assertThat(SortableIds.valid(null)).isFalse();
    }
}
