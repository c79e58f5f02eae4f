package io.callguard.core.numbering;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class NumberCategoryTest {
    @Test
    void aClientCanBeGivenFrenchGeographicMobile09And08NumbersOnly() {
        assertThat(Arrays.stream(NumberCategory.values()).filter(NumberCategory::assignable)).containsExactly(
                NumberCategory.GEOGRAPHIC, NumberCategory.MOBILE, NumberCategory.NON_GEOGRAPHIC,
                NumberCategory.SPECIAL_FREE, NumberCategory.SPECIAL_NORMAL, NumberCategory.SPECIAL_SURCHARGED);
        FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
        assertThat(plan.classify("+33198765432").category().assignable()).isTrue();
        assertThat(plan.classify("112").category().assignable()).as("emergency").isFalse();
        assertThat(plan.classify("3615").category().assignable()).as("short number").isFalse();
        assertThat(plan.classify("+442071234567").category().assignable()).as("international").isFalse();
    }
}
