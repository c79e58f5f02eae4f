package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.SurchargeTier;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Names and words of the tariff announcements: one prompt per distinct charge, so that the testbed can render
 * them all from the charges in use ({@code testbed/prompts/render-prompts.sh}) and a new charge needs no manual
 * recording.
 *
 * <p>The wording follows the "C+S" tariff information ARCEP asks for (service price, then "prix d'un appel" for the
 * call's own price, which depends on the caller's operator): « Service 0,80 € par minute plus prix d'un appel ».
 */
public final class TariffPrompts {
    /** Directory of the tariff prompts under Asterisk's sounds directory. */
    public static final String PREFIX = "callguard/tariff/";

    // Classifying a 10-digit national number does not depend on the emergency list: the default plan will do.
    private static final FrenchNumberingPlan PLAN = FrenchNumberingPlan.withDefaults();

    private TariffPrompts() { }

    /**
     * The sound name of a charge: {@code callguard/tariff/<prefix>-<cents, 3 digits>-<min|call>}, e.g.
     * {@code T089, 80, MINUTE} → {@code callguard/tariff/089-080-min}, {@code T082, 20, CALL} →
     * {@code callguard/tariff/082-020-call}.
     *
     * @throws IllegalArgumentException when cents is not within 1..999 (above every legal ceiling)
     */
    public static String promptFor(SurchargeTier tier, int cents, ChargeUnit unit) {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(unit, "unit");
        if (cents < 1 || cents > 999) throw new IllegalArgumentException("no tariff prompt for " + cents + " cents");
        String digits = cents < 10 ? "00" + cents : cents < 100 ? "0" + cents : Integer.toString(cents);
        return PREFIX + tier.prefix() + '-' + digits + '-' + (unit == ChargeUnit.MINUTE ? "min" : "call");
    }

    /**
     * The announcement to play on a call to {@code number} with {@code tariff}: its prompt when
     * {@link TariffRules#announcementDue} says so, else the empty string (nothing to play).
     */
    public static String announcementFor(ClassifiedNumber number, SpecialTariff tariff) {
        return TariffRules.announcementDue(number, tariff)
                ? promptFor(number.tier(), tariff.chargeCents(), tariff.unit()) : "";
    }

    /**
     * The French sentence of a charge: {@code 80, MINUTE} → « Service 0,80 € par minute plus prix d'un appel »,
     * {@code 300, CALL} → « Service 3 € par appel plus prix d'un appel ». Whole euros go without decimals.
     */
    public static String frenchText(int cents, ChargeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (cents < 1) throw new IllegalArgumentException("no tariff text for " + cents + " cents");
        String euros = cents % 100 == 0 ? Integer.toString(cents / 100)
                : cents / 100 + "," + TariffRules.twoDigits(cents % 100);
        return "Service " + euros + " € " + (unit == ChargeUnit.MINUTE ? "par minute" : "par appel")
                + " plus prix d'un appel";
    }

    /** The prompt and text of a charge on a tier. */
    public static TariffPrompt prompt(SurchargeTier tier, int cents, ChargeUnit unit) {
        return new TariffPrompt(promptFor(tier, cents, unit), frenchText(cents, unit));
    }

    /**
     * The announcements the given numbers need: one entry per distinct prompt, for the numbers whose announcement
     * is due, sorted by prompt name. Numbers that are not 081/082/089, without a tariff or with the option off
     * need none.
     */
    public static List<TariffPrompt> inUse(Collection<DidNumber> numbers) {
        TreeSet<TariffPrompt> prompts = new TreeSet<>();
        for (DidNumber n : numbers) {
            SpecialTariff t = n.tariff();
            if (t == null) continue;
            ClassifiedNumber classified = PLAN.classify(n.number());
            if (!TariffRules.announcementDue(classified, t)) continue;
            prompts.add(prompt(classified.tier(), t.chargeCents(), t.unit()));
        }
        return List.copyOf(prompts);
    }

    /** {@code prompt<TAB>text} lines, one per prompt, each ending with a line feed: the input of render-prompts.sh. */
    public static String tsv(Collection<TariffPrompt> prompts) {
        StringBuilder sb = new StringBuilder();
        for (TariffPrompt p : prompts) sb.append(p.tsvLine()).append('\n');
        return sb.toString();
    }
}
