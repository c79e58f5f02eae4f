package io.callguard.credit.rating;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;
import io.callguard.core.numbering.NumberCategory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A plan body: resolved with its defaults, and every mistake named precisely, all at once. */
class TariffPlanJsonTest {
    private static List<FieldError> errors(Map<String, Object> body) {
        InvalidFields e = catchThrowableOfType(() -> TariffPlanJson.read("pro", body), InvalidFields.class);
        assertThat(e).as("refused").isNotNull();
        return e.errors();
    }

    private static Map<String, Object> oneLine(Map<String, Object> line) {
        return Map.of("rates", List.of(line));
    }

    private static Map<String, Object> line(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void aPlanTakesItsDefaultsAndEachLineMayOverrideThem() {
        TariffPlanDraft d = TariffPlanJson.read("pro", Plans.proBody());
        assertThat(d.name()).isEqualTo("Pro 2026");
        TariffRate mobile = d.rates().get(0);
        assertThat(mobile.destination()).isEqualTo(NumberCategory.MOBILE);
        assertThat(mobile.prefix()).isEmpty();
        assertThat(mobile.perMinuteCents()).isEqualByComparingTo("15");
        assertThat(mobile.firstIncrementSeconds()).isEqualTo(30);
        assertThat(mobile.nextIncrementSeconds()).isEqualTo(1);
        TariffRate uk = d.rates().get(4);
        assertThat(uk.perMinuteCents()).isEqualTo(new BigDecimal("4.5000"));
        assertThat(uk.firstIncrementSeconds()).isEqualTo(60);
        assertThat(d.rates().get(5).connectionFeeCents()).isEqualByComparingTo("9.9");

        TariffPlanDraft bare = TariffPlanJson.read("x", oneLine(line("id", "m", "destination", "mobile", "perMinuteCents", 10)));
        assertThat(bare.rates().get(0).firstIncrementSeconds()).as("built-in: per second").isEqualTo(1);
        assertThat(bare.rates().get(0).connectionFeeCents()).isEqualByComparingTo("0");
    }

    @Test
    void theAnswerWritesAmountsAsDecimalStringsAndReadsBackTheSame() {
        TariffPlan plan = Plans.pro(3);
        Map<String, Object> m = TariffPlanJson.toMap(plan);
        assertThat(m).containsEntry("id", "pro").containsEntry("version", 3).containsEntry("createdBy", "alice");
        @SuppressWarnings("unchecked") List<Map<String, Object>> rates = (List<Map<String, Object>>) m.get("rates");
        assertThat(rates.get(4)).containsEntry("perMinuteCents", "4.5").containsEntry("prefix", "+44");
        Map<String, Object> again = new HashMap<>(m);
        again.keySet().removeAll(List.of("version", "createdAt", "createdBy"));
        assertThat(TariffPlanJson.read("pro", again).rates()).isEqualTo(plan.rates());
    }

    @Test
    void moneyIsNeverABinaryFraction() {
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "perMinuteCents", 1.5))))
                .containsExactly(new FieldError("rates[0].perMinuteCents", Cents.RULE
                        + ", got 1.5 (a JSON fraction: write it as a string, e.g. \"1.5\")"));
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "perMinuteCents", "0.00001"))))
                .extracting(FieldError::field).containsExactly("rates[0].perMinuteCents");
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "perMinuteCents", -1))))
                .extracting(FieldError::field).containsExactly("rates[0].perMinuteCents");
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        Map<String, Object> body = Map.of("nmae", "typo", "firstIncrementSeconds", 0, "rates", List.of(
                line("id", "bad id!", "destination", "MOBILE", "perMinuteCents", 15),
                line("id", "x", "destination", "PLANET", "perMinuteCents", 1),
                line("id", "y", "destination", "MOBILE", "perMinuteCents", 1, "colour", "red"),
                line("id", "z", "destination", "GEOGRAPHIC")));
        assertThat(errors(body)).containsExactlyInAnyOrder(
                new FieldError("nmae", "unknown field"),
                new FieldError("firstIncrementSeconds", "must be whole seconds, 1..3600, got 0"),
                new FieldError("rates[0].id", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -, got 'bad id!'"),
                new FieldError("rates[1].destination", "unknown destination 'PLANET' (known: " + Destinations.KNOWN + ")"),
                new FieldError("rates[2].colour", "unknown field"),
                new FieldError("rates[3].perMinuteCents", "is required (or free: true)"));
    }

    @Test
    void twoLinesForTheSameDestinationOrWithTheSameIdAreRefused() {
        Map<String, Object> body = Map.of("rates", List.of(
                line("id", "m", "destination", "MOBILE", "perMinuteCents", 15),
                line("id", "m2", "destination", "MOBILE", "perMinuteCents", 12),
                line("id", "M", "destination", "MOBILE", "prefix", "07", "perMinuteCents", 12)));
        assertThat(errors(body)).containsExactly(
                new FieldError("rates[1].prefix", "another line prices MOBILE without prefix: rates[0].id"),
                new FieldError("rates[2].id", "'M' is already the id of rates[0].id"));
        assertThat(errors(Map.of("rates", List.of()))).containsExactly(new FieldError("rates", "a plan has at least one line"));
        assertThat(errors(Map.of())).containsExactly(new FieldError("rates", "is required: the plan's lines"));
    }

    @Test
    void emergencyAnd080xHaveNoLineAndPrefixesMustFitTheirDestination() {
        assertThat(errors(oneLine(line("id", "e", "destination", "EMERGENCY", "perMinuteCents", 1))))
                .containsExactly(new FieldError("rates[0].destination",
                        "emergency numbers are always free (R6): a plan has no line for them"));
        assertThat(errors(oneLine(line("id", "f", "destination", "SPECIAL_FREE", "free", true))))
                .extracting(FieldError::field).containsExactly("rates[0].destination");
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "prefix", "01", "perMinuteCents", 1))))
                .containsExactly(new FieldError("rates[0].prefix",
                        "'01' does not start like a MOBILE number: digits starting with 06 or 07, e.g. 07"));
        assertThat(errors(oneLine(line("id", "i", "destination", "INTERNATIONAL", "perMinuteCents", 1))))
                .extracting(FieldError::message).containsExactly("is required for INTERNATIONAL (+ and a country code "
                        + "(and more digits), e.g. +44 or +447)");
        assertThat(errors(oneLine(line("id", "i", "destination", "INTERNATIONAL", "prefix", "+33", "perMinuteCents", 1))))
                .extracting(FieldError::field).containsExactly("rates[0].prefix");
        TariffPlanDraft d = TariffPlanJson.read("x", oneLine(line("id", "i", "destination", "INTERNATIONAL", "prefix",
                "0044", "perMinuteCents", 1)));
        assertThat(d.rates().get(0).prefix()).isEqualTo("+44");
    }

    @Test
    void serviceChargesFollowArcepCeilingsAndOnlyOnSurchargedNumbers() {
        assertThat(errors(oneLine(line("id", "p", "destination", "SPECIAL_SURCHARGED", "prefix", "089",
                "perMinuteCents", 2, "serviceChargePerMinuteCents", 100))))
                .containsExactly(new FieldError("rates[0].serviceChargePerMinuteCents",
                        "at most 80 cents per minute on 089 numbers (ARCEP 2012-0856), got 100"));
        assertThat(errors(oneLine(line("id", "p", "destination", "SPECIAL_SURCHARGED", "prefix", "0821",
                "perMinuteCents", 2, "serviceChargePerMinuteCents", 10, "serviceChargePerCallCents", 10))))
                .extracting(FieldError::field).containsExactly("rates[0].serviceChargePerCallCents");
        assertThat(errors(oneLine(line("id", "p", "destination", "SPECIAL_SURCHARGED", "prefix", "081",
                "perMinuteCents", 2))))
                .extracting(FieldError::field).containsExactly("rates[0].serviceChargePerMinuteCents");
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "perMinuteCents", 2,
                "serviceChargePerCallCents", 10))))
                .containsExactly(new FieldError("rates[0].serviceChargePerCallCents",
                        "only an 081/082/089 line (SPECIAL_SURCHARGED) has a service charge"));
        assertThat(errors(oneLine(line("id", "m", "destination", "MOBILE", "free", true, "perMinuteCents", 2))))
                .containsExactly(new FieldError("rates[0].perMinuteCents", "a free line takes no price (free is true)"));
    }

    @Test
    void theBodysIdMustBeThePaths() {
        assertThatThrownBy(() -> TariffPlanJson.read("pro", Map.of("id", "other", "rates",
                List.of(line("id", "m", "destination", "MOBILE", "perMinuteCents", 2)))))
                .isInstanceOf(InvalidFields.class).hasMessage("id: is the path's plan id 'pro' or absent, got other");
    }
}
