package io.callguard.server.admin;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.tariff.NumberTariffs;
import io.callguard.tariff.TariffRules;
import io.callguard.tariff.TariffViolation;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a number body {@code {"number","trunkId"}}, plus the tariff fields of an 08 number
 * ({@code chargeCents, chargeUnit, announcement}: {@link NumberTariffs}, R9): the number is normalised with the
 * numbering plan ({@code +33198765432} → {@code 0198765432}) and must be a French number a client can be given
 * ({@link io.callguard.core.numbering.NumberCategory#assignable}). The tariff fields are read here and checked by the
 * tariff rule, whose refusal is a 400 naming the field and the ceiling. Whether the trunk belongs to the account is the service's check (it needs the store).
 */
final class NumberValidator {
    static final Set<String> FIELDS = fields();

    private final FrenchNumberingPlan plan;
    /** When an announcement is switched off (milliseconds, as the store keeps it). */
    private final Clock clock;

    NumberValidator(FrenchNumberingPlan plan, Clock clock) {
        this.plan = plan;
        this.clock = clock;
    }

    private static Set<String> fields() {
        Set<String> fields = new HashSet<>(Set.of("number", "trunkId"));
        fields.addAll(NumberTariffs.FIELDS);
        return Set.copyOf(fields);
    }

    /** The national form of an assignable French number, empty otherwise (a path segment that cannot exist). */
    Optional<String> normalise(String text) {
        ClassifiedNumber c = plan.classify(text);
        return c.category().assignable() ? Optional.of(c.normalized()) : Optional.empty();
    }

    /** @param actor who writes: the author of an announcement switch-off */
    DidNumber forCreate(String accountId, JsonObject body, String actor) { return read(accountId, body, null, actor); }

    /**
     * @param pathNumber the normalised number of the path; the body's, if given, must normalise to it
     * @param actor      who writes; a switch-off that was already in force is kept by the service
     *                   ({@link NumberTariffs#keepingSwitchOff})
     */
    DidNumber forReplace(String accountId, String pathNumber, JsonObject body, String actor) {
        return read(accountId, body, pathNumber, actor);
    }

    private DidNumber read(String accountId, JsonObject body, String pathNumber, String actor) {
        FieldReader f = new FieldReader(body, FIELDS);
        String number = null;
        String text = f.string("number", pathNumber == null);
        if (text != null) {
            ClassifiedNumber c = plan.classify(text);
            if (!c.category().assignable()) {
                f.error("number", "must be a French geographic, mobile, 09 or 08 number, got '" + text + "' ("
                        + c.category() + ")");
            } else {
                number = c.normalized();
            }
        }
        if (pathNumber != null) {
            if (number != null && !number.equals(pathNumber)) {
                f.error("number", "must match the number in the path ('" + pathNumber + "')");
            }
            number = pathNumber;
        }
        String trunkId = f.has("trunkId") ? Ids.read(f, "trunkId", false) : null;
        NumberTariffs.Input tariff = readTariff(f);
        f.throwIfInvalid();
        return new DidNumber(number, accountId, trunkId, resolve(plan.classify(number), tariff, actor));
    }

    /** Reads the tariff fields as given, recording an error in {@code f} for each malformed one. */
    private static NumberTariffs.Input readTariff(FieldReader f) {
        Long cents = f.integer(TariffRules.FIELD_CHARGE_CENTS, false, 0, Integer.MAX_VALUE);
        ChargeUnit unit = null;
        String unitText = f.string(TariffRules.FIELD_CHARGE_UNIT, false);
        if (unitText != null) {
            try {
                unit = ChargeUnit.valueOf(unitText);
            } catch (IllegalArgumentException e) {
                f.error(TariffRules.FIELD_CHARGE_UNIT, "must be MINUTE or CALL, got '" + unitText + "'");
            }
        }
        Boolean announcement = f.bool(TariffRules.FIELD_ANNOUNCEMENT, false);
        return new NumberTariffs.Input(cents == null ? null : cents.intValue(), unit, announcement);
    }

    /** The tariff rule's answer; a refusal is a 400 naming the field at fault, with the legal ceiling. */
    private SpecialTariff resolve(ClassifiedNumber number, NumberTariffs.Input tariff, String actor) {
        try {
            return NumberTariffs.resolve(number, null, tariff, clock.instant(), actor);
        } catch (TariffViolation v) {
            throw Problem.validation(List.of(new FieldError(v.field(), v.getMessage()))).exception();
        }
    }
}
