package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.module.BodyFields;
import io.callguard.core.numbering.ClassifiedNumber;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A number's tariff fields as the directory's number routes read and show them ({@link NumberTariffs}, R9), offered by
 * the module: a malformed field is an error of its own, the rule's refusal (with the legal ceiling) an error of the
 * field at fault. Stateless.
 */
final class TariffNumberFields implements NumberTariffFields {
    @Override public Set<String> fields() { return NumberTariffs.FIELDS; }

    @Override
    public SpecialTariff read(BodyFields body, ClassifiedNumber number, Instant at, String actor) {
        Long cents = body.integer(TariffRules.FIELD_CHARGE_CENTS, false, 0, Integer.MAX_VALUE);
        ChargeUnit unit = null;
        String unitText = body.string(TariffRules.FIELD_CHARGE_UNIT, false);
        if (unitText != null) {
            try {
                unit = ChargeUnit.valueOf(unitText);
            } catch (IllegalArgumentException e) {
                body.error(TariffRules.FIELD_CHARGE_UNIT, "must be MINUTE or CALL, got '" + unitText + "'");
            }
        }
        Boolean announcement = body.bool(TariffRules.FIELD_ANNOUNCEMENT, false);
        // the rule judges a well-formed body only: its refusal then comes alone
        if (number == null || !body.valid()) return null;
        NumberTariffs.Input input = new NumberTariffs.Input(cents == null ? null : cents.intValue(), unit, announcement);
        try {
            return NumberTariffs.resolve(number, null, input, at, actor);
        } catch (TariffViolation v) {
            body.error(v.field(), v.getMessage());
            return null;
        }
    }

    @Override public DidNumber replacing(DidNumber before, DidNumber after) { return NumberTariffs.keepingSwitchOff(before, after); }

    @Override public Map<String, Object> json(DidNumber number) { return NumberTariffs.json(number); }
}
