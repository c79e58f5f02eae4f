package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tariff of a directory number (R9), as the number routes of the admin API read and write it:
 * {@code chargeCents} (service charge in euro cents, ≥ 0), {@code chargeUnit} ({@code MINUTE} or {@code CALL}) and
 * {@code announcement} (the operator's tariff announcement option, true by default), checked against ARCEP's
 * ceilings ({@link TariffRules}), and shown with {@code announcementOffAt} and {@code announcementOffBy} (when and by
 * whom the client switched the option off) for 08 numbers.
 *
 * <p>A number body replaces the tariff: a field left out takes its default (no charge, no unit, option on), and a
 * body without any tariff field gives a 080x or 0806–0809 number the free tariff, an ordinary number none, and a
 * 081/082/089 number a refusal (its charge must be known to be announced). Switching the option off records the time
 * and the actor; the first switch-off is kept while it stays off. Stateless and thread-safe.
 */
public final class NumberTariffs {
    /** The tariff fields of a number body. */
    public static final Set<String> FIELDS = Set.of(TariffRules.FIELD_CHARGE_CENTS, TariffRules.FIELD_CHARGE_UNIT,
            TariffRules.FIELD_ANNOUNCEMENT);

    // Whether a number is an 08 one does not depend on the emergency list: the default plan will do.
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();

    private NumberTariffs() { }

    /** The tariff fields of a body as given; null for each one left out. */
    public record Input(Integer chargeCents, ChargeUnit unit, Boolean announcement) {
        boolean none() { return chargeCents == null && unit == null && announcement == null; }
    }

    /**
     * The tariff to store for {@code number}: {@code existing} (or the free tariff) with the given charge and
     * option, switched off {@code at} by {@code actor} when it goes off.
     *
     * @param existing the number's tariff before this write, null for a new number (or one without)
     * @throws TariffViolation naming the body field at fault, with the legal ceiling, when the rules refuse it
     */
    public static SpecialTariff resolve(ClassifiedNumber number, SpecialTariff existing, Input input, Instant at,
                                        String actor) {
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
            if (TariffRules.isSpecial(number.category())) throw v;
            throw new TariffViolation(givenField(input), v.getMessage());
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
    public static DidNumber keepingSwitchOff(DidNumber before, DidNumber after) {
        SpecialTariff was = before.tariff();
        SpecialTariff now = after.tariff();
        if (was == null || now == null || was.announcement() || now.announcement()) return after;
        return after.withTariff(new SpecialTariff(now.chargeCents(), now.unit(), false, was.announcementOffAt(),
                was.announcementOffBy()));
    }

    /**
     * The tariff fields of a number's JSON, in the API's order: those of an 08 number (or of any number with a
     * tariff), nothing for others. Values are JSON-shaped (strings, numbers, booleans, null).
     */
    public static Map<String, Object> json(DidNumber n) {
        Map<String, Object> out = new LinkedHashMap<>();
        SpecialTariff t = n.tariff();
        if (t == null && !TariffRules.isSpecial(PLAN.classify(n.number()).category())) return out;
        out.put(TariffRules.FIELD_CHARGE_CENTS, t == null ? null : t.chargeCents());
        out.put(TariffRules.FIELD_CHARGE_UNIT, t == null || t.unit() == null ? null : t.unit().name());
        out.put(TariffRules.FIELD_ANNOUNCEMENT, t == null || t.announcement());
        out.put("announcementOffAt", t == null || t.announcementOffAt() == null ? null : t.announcementOffAt().toString());
        out.put("announcementOffBy", t == null ? null : t.announcementOffBy());
        return out;
    }
}
