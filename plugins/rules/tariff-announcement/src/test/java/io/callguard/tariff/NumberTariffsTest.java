package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberTariffsTest {
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();
    private static final Instant AT = Instant.parse("2026-02-02T09:00:00Z");
    private static final NumberTariffs.Input NONE = new NumberTariffs.Input(null, null, null);

    private static ClassifiedNumber n(String number) { return PLAN.classify(number); }

    @Test
    void aBodyWithoutTariffGivesFreeAndNormalNumbersTheFreeTariffOrdinaryOnesNoneAndRefusesASurchargedOne() {
        assertThat(NumberTariffs.resolve(n("0800123456"), null, NONE, AT, "ops")).isEqualTo(SpecialTariff.free());
        assertThat(NumberTariffs.resolve(n("0807123456"), null, NONE, AT, "ops")).isEqualTo(SpecialTariff.free());
        assertThat(NumberTariffs.resolve(n("0198765432"), null, NONE, AT, "ops")).isNull();
        assertThatThrownBy(() -> NumberTariffs.resolve(n("0899123456"), null, NONE, AT, "ops"))
                .isInstanceOfSatisfying(TariffViolation.class, v -> assertThat(v.field()).isEqualTo("chargeCents"));
    }

    @Test
    void aSwitchOffRecordsWhenAndWhoAndAnOrdinaryNumberIsRefusedOnTheFieldTheBodyGave() {
        SpecialTariff off = NumberTariffs.resolve(n("0899123456"), null,
                new NumberTariffs.Input(80, ChargeUnit.MINUTE, false), AT, "admin:ops");
        assertThat(off).isEqualTo(new SpecialTariff(80, ChargeUnit.MINUTE, false, AT, "admin:ops"));
        assertThatThrownBy(() -> NumberTariffs.resolve(n("0198765432"), null,
                new NumberTariffs.Input(null, null, true), AT, "ops"))
                .isInstanceOfSatisfying(TariffViolation.class, v -> assertThat(v.field()).isEqualTo("announcement"));
        assertThatThrownBy(() -> NumberTariffs.resolve(n("0198765432"), null,
                new NumberTariffs.Input(0, null, null), AT, "ops"))
                .isInstanceOfSatisfying(TariffViolation.class, v -> assertThat(v.field()).isEqualTo("chargeCents"));
    }

    @Test
    void theFirstSwitchOffStandsWhileTheOptionStaysOff() {
        DidNumber before = new DidNumber("0899123456", "acme", null,
                new SpecialTariff(80, ChargeUnit.MINUTE, false, AT, "admin:first"));
        DidNumber after = new DidNumber("0899123456", "acme", null,
                new SpecialTariff(90, ChargeUnit.MINUTE, false, AT.plusSeconds(60), "admin:second"));
        assertThat(NumberTariffs.keepingSwitchOff(before, after).tariff())
                .isEqualTo(new SpecialTariff(90, ChargeUnit.MINUTE, false, AT, "admin:first"));
        DidNumber backOn = after.withTariff(SpecialTariff.of(90, ChargeUnit.MINUTE));
        assertThat(NumberTariffs.keepingSwitchOff(before, backOn)).isSameAs(backOn);
    }

    @Test
    void theJsonOfAn08NumberCarriesItsTariffAndAnOrdinaryNumberNone() {
        assertThat(NumberTariffs.json(new DidNumber("0198765432", "acme", null))).isEmpty();
        Map<String, Object> unknownCharge = new LinkedHashMap<>();
        unknownCharge.put("chargeCents", null);
        unknownCharge.put("chargeUnit", null);
        unknownCharge.put("announcement", true);
        unknownCharge.put("announcementOffAt", null);
        unknownCharge.put("announcementOffBy", null);
        Map<String, Object> json = NumberTariffs.json(new DidNumber("0899123456", "acme", null));
        assertThat(json).isEqualTo(unknownCharge);
        assertThat(json.keySet()).as("the API's field order").containsExactlyElementsOf(unknownCharge.keySet());
        assertThat(NumberTariffs.json(new DidNumber("0821123456", "acme", null, SpecialTariff.of(20, ChargeUnit.CALL))))
                .containsEntry("chargeCents", 20).containsEntry("chargeUnit", "CALL").containsEntry("announcement", true);
    }
}
