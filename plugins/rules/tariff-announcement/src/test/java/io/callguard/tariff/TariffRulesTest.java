package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.SurchargeTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TariffRulesTest {
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();
    /** One number of each surcharged tier. */
    private static final Map<SurchargeTier, String> NUMBER_OF = Map.of(
            SurchargeTier.T081, "0810123456", SurchargeTier.T082, "0821123456", SurchargeTier.T089, "0899123456");

    private static ClassifiedNumber n(String number) { return PLAN.classify(number); }

    private static TariffViolation violation(String number, SpecialTariff tariff) {
        try {
            TariffRules.validate(n(number), tariff);
        } catch (TariffViolation v) {
            return v;
        }
        throw new AssertionError("no violation for " + number + " " + tariff);
    }

    @Test
    void everySurchargedTierAcceptsItsCeilingAndRefusesOneCentAboveNamingTheCeiling() {
        for (SurchargeTier tier : SurchargeTier.values()) {
            String number = NUMBER_OF.get(tier);
            for (ChargeUnit unit : ChargeUnit.values()) {
                int ceiling = unit == ChargeUnit.MINUTE ? tier.maxCentsPerMinute() : tier.maxCentsPerCall();
                assertThatCode(() -> TariffRules.validate(n(number), SpecialTariff.of(ceiling, unit)))
                        .as(tier + " " + unit).doesNotThrowAnyException();
                assertThatCode(() -> TariffRules.validate(n(number), SpecialTariff.of(1, unit)))
                        .as(tier + " " + unit + " 1 cent").doesNotThrowAnyException();
                TariffViolation v = violation(number, SpecialTariff.of(ceiling + 1, unit));
                assertThat(v.field()).isEqualTo("chargeCents");
                assertThat(v.getMessage()).as(tier + " " + unit)
                        .contains("a " + tier.prefix() + " number's service charge is at most "
                                + TariffRules.amount(ceiling, unit))
                        .contains("ARCEP 2012-0856")
                        .endsWith("got " + TariffRules.amount(ceiling + 1, unit));
            }
        }
    }

    @Test
    void ninetyCentsPerMinuteOnA089NumberIsRefusedWithTheEightyCentCeiling() {
        TariffViolation v = violation("0899123456", SpecialTariff.of(90, ChargeUnit.MINUTE));
        assertThat(v).isInstanceOf(IllegalArgumentException.class);
        assertThat(v.getMessage())
                .isEqualTo("a 089 number's service charge is at most 0.80 €/min (ARCEP 2012-0856), got 0.90 €/min");
    }

    @Test
    void a081NumberCannotTakeFiftyCentsPerMinute() {
        assertThat(violation("0810123456", SpecialTariff.of(50, ChargeUnit.MINUTE)).getMessage())
                .contains("at most 0.06 €/min");
    }

    @Test
    void freeNumbersRefuseAnyChargeWhateverTheUnit() {
        for (String number : List.of("0800123456", "0801123456", "0805123456")) {
            for (ChargeUnit unit : ChargeUnit.values()) {
                TariffViolation v = violation(number, SpecialTariff.of(1, unit));
                assertThat(v.field()).isEqualTo("chargeCents");
                assertThat(v.getMessage()).startsWith("0800–0805 numbers are free to the caller: no service charge allowed")
                        .contains("ceiling 0.00 €");
            }
            assertThatCode(() -> TariffRules.validate(n(number), SpecialTariff.free())).doesNotThrowAnyException();
            assertThatCode(() -> TariffRules.validate(n(number), null)).doesNotThrowAnyException();
        }
    }

    @Test
    void normalPriceNumbersRefuseAnyCharge() {
        for (String number : List.of("0806123456", "0809123456")) {
            TariffViolation v = violation(number, SpecialTariff.of(5, ChargeUnit.CALL));
            assertThat(v.field()).isEqualTo("chargeCents");
            assertThat(v.getMessage()).startsWith("0806–0809 numbers cost the price of a normal call: no service charge allowed")
                    .contains("ceiling 0.00 €").endsWith("got 0.05 €/call");
            assertThatCode(() -> TariffRules.validate(n(number), SpecialTariff.free())).doesNotThrowAnyException();
        }
    }

    @Test
    void numbersOutside08RefuseAnyTariffButAcceptNone() {
        for (String number : List.of("0198765432", "0612345678", "0912345678", "0836123456")) {
            assertThat(violation(number, SpecialTariff.of(10, ChargeUnit.MINUTE)).getMessage())
                    .contains("only 08 special numbers").contains(number);
            assertThat(violation(number, SpecialTariff.free().withAnnouncement(false, Instant.EPOCH, "ops")).field())
                    .isEqualTo("announcement");
            assertThatCode(() -> TariffRules.validate(n(number), null)).doesNotThrowAnyException();
        }
    }

    @Test
    void aNegativeChargeIsRefused() {
        for (String number : List.of("0800123456", "0807123456", "0899123456")) {
            TariffViolation v = violation(number, new SpecialTariff(-1, ChargeUnit.MINUTE, true, null, null));
            assertThat(v.field()).isEqualTo("chargeCents");
            assertThat(v.getMessage()).contains("negative");
        }
    }

    @Test
    void aSurchargedNumberNeedsAChargeAboveZeroAndAUnit() {
        TariffViolation none = violation("0899123456", null);
        assertThat(none.field()).isEqualTo("chargeCents");
        assertThat(none.getMessage()).contains("0.80 €/min or 3.00 €/call");
        assertThat(violation("0821123456", SpecialTariff.of(0, ChargeUnit.CALL)).getMessage()).contains("above 0");
        TariffViolation noUnit = violation("0821123456", SpecialTariff.of(20, null));
        assertThat(noUnit.field()).isEqualTo("chargeUnit");
        assertThat(noUnit.getMessage()).contains("MINUTE or CALL");
    }

    @Test
    void theAnnouncementIsDueOnlyForSurchargedNumbersWithAChargeAndTheOptionOn() {
        SpecialTariff on = SpecialTariff.of(80, ChargeUnit.MINUTE);
        SpecialTariff off = on.withAnnouncement(false, Instant.parse("2026-01-05T10:00:00Z"), "ops@operator");
        assertThat(TariffRules.announcementDue(n("0899123456"), on)).isTrue();
        assertThat(TariffRules.announcementDue(n("0899123456"), off)).isFalse();
        assertThat(TariffRules.announcementDue(n("0899123456"), null)).isFalse();
        assertThat(TariffRules.announcementDue(n("0800123456"), SpecialTariff.free())).isFalse();
        assertThat(TariffRules.announcementDue(n("0807123456"), SpecialTariff.free())).isFalse();
        assertThat(TariffRules.announcementDue(n("0198765432"), on)).isFalse();
    }

    @Test
    void switchingTheOptionOffRecordsWhenAndByWhomAndSwitchingItOnClearsThem() {
        Instant at = Instant.parse("2026-01-05T10:00:00Z");
        SpecialTariff off = SpecialTariff.of(80, ChargeUnit.MINUTE).withAnnouncement(false, at, "ops@operator");
        assertThat(off).isEqualTo(new SpecialTariff(80, ChargeUnit.MINUTE, false, at, "ops@operator"));
        assertThat(off.withAnnouncement(false, at.plusSeconds(60), "someone-else")).isSameAs(off);
        assertThat(off.withAnnouncement(true, at.plusSeconds(60), "ops")).isEqualTo(SpecialTariff.of(80, ChargeUnit.MINUTE));
        assertThat(off.withCharge(60, ChargeUnit.MINUTE).announcementOffBy()).isEqualTo("ops@operator");
        assertThatThrownBy(() -> new SpecialTariff(80, ChargeUnit.MINUTE, true, at, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
