package io.callguard.server.admin;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.tariff.TariffRules;
import io.callguard.tariff.TariffViolation;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The tariff fields of a number (R9): {@code chargeCents} (service charge in euro cents, ≥ 0), {@code chargeUnit}
 * ({@code MINUTE} or {@code CALL}) and {@code announcement} (the operator's tariff announcement option, true by
 * default). Read from a number body, checked against ARCEP's ceilings ({@link TariffRules}: a 400 names the field
 * and the ceiling), and written to the number's JSON with {@code announcementOffAt} and {@code announcementOffBy}
 * (when and by whom the client switched the option off) for 08 numbers.
 *
 * <p>A number body replaces the tariff: a field left out takes its default (no charge, no unit, option on), and a
 * body without any tariff field gives a 080x or 0806–0809 number the free tariff, an ordinary number none, and a
 * 081/082/089 number a 400 (its charge must be known to be announced). Switching the option off records the time
 * and the {@code X-Callguard-Actor}; the first switch-off is kept while it stays off.
 */
final class NumberTariffs {
    static final Set<String> FIELDS = Set.of(TariffRules.FIELD_CHARGE_CENTS, TariffRules.FIELD_CHARGE_UNIT,
            TariffRules.FIELD_ANNOUNCEMENT);

    // Whether a number is an 08 one does not depend on the emergency list: the default plan will do.
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();

    private NumberTariffs() { }

    /** The tariff fields of a body as given; null for each one left out. */
    record Input(Integer chargeCents, ChargeUnit unit, Boolean announcement) {
        boolean none() { return chargeCents == null && unit == null && announcement == null; }
    }

    /** Reads the tariff fields, recording an error in {@code f} for each malformed one. */
    static Input read(FieldReader f) {
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
        return new Input(cents == null ? null : cents.intValue(), unit, announcement);
    }

    /**
     * The tariff to store for {@code number}: {@code existing} (or the free tariff) with the given charge and
     * option, switched off {@code at} by {@code actor} when it goes off.
     *
     * @param existing the number's tariff before this write, null for a new number (or one without)
     * @throws ProblemException 400 naming the field at fault, with the legal ceiling, when the rules refuse it
     */
    static SpecialTariff resolve(ClassifiedNumber number, SpecialTariff existing, Input input, Instant at, String actor) {
        SpecialTariff tariff;
        if (input.none()) {
            boolean noCharge = number.category() == NumberCategory.SPECIAL_FREE
                    || number.category() == NumberCategory.SPECIAL_NORMAL;
            tariff = noCharge ? SpecialTariff.free() : null;
        } else {
            SpecialTariff base = existing == null ? SpecialTariff.free() : existing;
            tariff = base.withCharge(input.chargeCents() == null ? 0 : input.chargeCents(), input.unit())
                    .withAnnouncement(input.announcement() == null || input.announcement(), at, actor);
        }
        try {
            TariffRules.validate(number, tariff);
        } catch (TariffViolation v) {
            // On an ordinary number every tariff field is at fault: name one the body gave ("chargeCents": 0 included).
            String field = TariffRules.isSpecial(number.category()) ? v.field() : givenField(input);
            throw Problem.validation(List.of(new FieldError(field, v.getMessage()))).exception();
        }
        return tariff;
    }

    private static String givenField(Input input) {
        return input.chargeCents() != null ? TariffRules.FIELD_CHARGE_CENTS
                : input.unit() != null ? TariffRules.FIELD_CHARGE_UNIT : TariffRules.FIELD_ANNOUNCEMENT;
    }

    /**
     * {@code after} as it replaces {@code before}: when the option was off and stays off, the first switch-off (when,
     * who) is kept, as {@link SpecialTariff#withAnnouncement} does. {@code after} was resolved without the stored
     * number, which only the store knows.
     */
    static DidNumber keepingSwitchOff(DidNumber before, DidNumber after) {
        SpecialTariff was = before.tariff();
        SpecialTariff now = after.tariff();
        if (was == null || now == null || was.announcement() || now.announcement()) return after;
        return after.withTariff(new SpecialTariff(now.chargeCents(), now.unit(), false, was.announcementOffAt(),
                was.announcementOffBy()));
    }

    /** Adds the tariff fields of an 08 number (or of any number with a tariff) to its JSON; others get none. */
    static JsonObject addTo(JsonObject json, DidNumber n) {
        SpecialTariff t = n.tariff();
        if (t == null && !TariffRules.isSpecial(PLAN.classify(n.number()).category())) return json;
        return json.put(TariffRules.FIELD_CHARGE_CENTS, t == null ? null : t.chargeCents())
                .put(TariffRules.FIELD_CHARGE_UNIT, t == null || t.unit() == null ? null : t.unit().name())
                .put(TariffRules.FIELD_ANNOUNCEMENT, t == null || t.announcement())
                .put("announcementOffAt", t == null || t.announcementOffAt() == null ? null : t.announcementOffAt().toString())
                .put("announcementOffBy", t == null ? null : t.announcementOffBy());
    }
}
