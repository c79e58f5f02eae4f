package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.numbering.SurchargeTier;

import java.util.Objects;

/**
 * What a special number's tariff may be, under the French "C+S" model (ARCEP decision 2012-0856, in force since
 * 1 October 2015), and when the operator owes the free tariff announcement (arrêté of 10 June 2009, contract
 * "Numéros spéciaux" §2):
 * <ul>
 *   <li>0800–0805 ({@code SPECIAL_FREE}): free to the caller, no service charge, no announcement;</li>
 *   <li>0806–0809 ({@code SPECIAL_NORMAL}): the price of a normal call, no service charge, no announcement;</li>
 *   <li>081, 082, 089 ({@code SPECIAL_SURCHARGED}): a service charge above 0 and at most the tier's ceiling per
 *       minute or per call ({@link SurchargeTier}); the announcement is due unless the client switched it off;</li>
 *   <li>any other number: no special tariff at all.</li>
 * </ul>
 * Messages are written for the admin API's 400 answers and name the ceiling. Stateless and thread-safe.
 */
public final class TariffRules {
    public static final String FIELD_CHARGE_CENTS = "chargeCents";
    public static final String FIELD_CHARGE_UNIT = "chargeUnit";
    public static final String FIELD_ANNOUNCEMENT = "announcement";

    private static final String ARCEP = "ARCEP 2012-0856";

    private TariffRules() { }

    /**
     * Checks {@code tariff} for {@code number}. A null tariff is accepted for every number but a 081/082/089 one,
     * whose service charge must be known to be announced.
     *
     * @throws TariffViolation naming the field at fault, with the ceiling in the message
     */
    public static void validate(ClassifiedNumber number, SpecialTariff tariff) {
        Objects.requireNonNull(number, "number");
        NumberCategory category = number.category();
        if (tariff == null) {
            if (category == NumberCategory.SPECIAL_SURCHARGED) {
                SurchargeTier tier = number.tier();
                throw new TariffViolation(FIELD_CHARGE_CENTS, "a " + tier.prefix() + " number carries a service charge: "
                        + "give chargeCents and chargeUnit (at most " + ceilings(tier) + ", " + ARCEP + ")");
            }
            return;
        }
        if (!isSpecial(category)) {
            String field = tariff.chargeCents() != 0 ? FIELD_CHARGE_CENTS
                    : tariff.unit() != null ? FIELD_CHARGE_UNIT : FIELD_ANNOUNCEMENT;
            throw new TariffViolation(field, "only 08 special numbers (0800–0809, 081, 082, 089) take a service charge "
                    + "and a tariff announcement; " + number.normalized() + " is " + category);
        }
        int cents = tariff.chargeCents();
        if (cents < 0) {
            throw new TariffViolation(FIELD_CHARGE_CENTS, "a service charge cannot be negative, got " + cents + " cents");
        }
        switch (category) {
            case SPECIAL_FREE -> {
                if (cents != 0) {
                    throw new TariffViolation(FIELD_CHARGE_CENTS, "0800–0805 numbers are free to the caller: no service "
                            + "charge allowed (ceiling 0.00 €, " + ARCEP + "), got " + amount(cents, tariff.unit()));
                }
            }
            case SPECIAL_NORMAL -> {
                if (cents != 0) {
                    throw new TariffViolation(FIELD_CHARGE_CENTS, "0806–0809 numbers cost the price of a normal call: "
                            + "no service charge allowed (ceiling 0.00 €, " + ARCEP + "), got " + amount(cents, tariff.unit()));
                }
            }
            default -> validateSurcharge(number.tier(), cents, tariff.unit());
        }
    }

    private static void validateSurcharge(SurchargeTier tier, int cents, ChargeUnit unit) {
        if (unit == null) {
            throw new TariffViolation(FIELD_CHARGE_UNIT, "a " + tier.prefix() + " number's service charge needs a unit: "
                    + "MINUTE or CALL (at most " + ceilings(tier) + ", " + ARCEP + ")");
        }
        if (cents == 0) {
            throw new TariffViolation(FIELD_CHARGE_CENTS, "a " + tier.prefix() + " number carries a service charge above 0 "
                    + "and at most " + ceilings(tier) + " (" + ARCEP + "); a number without one belongs in 0806–0809");
        }
        int ceiling = ceiling(tier, unit);
        if (cents > ceiling) {
            throw new TariffViolation(FIELD_CHARGE_CENTS, "a " + tier.prefix() + " number's service charge is at most "
                    + amount(ceiling, unit) + " (" + ARCEP + "), got " + amount(cents, unit));
        }
    }

    /**
     * Whether the operator plays the tariff announcement on calls to {@code number}: a 081/082/089 number with a
     * known service charge whose announcement option is on. Never for 080x (free) or 0806–0809 (normal price).
     */
    public static boolean announcementDue(ClassifiedNumber number, SpecialTariff tariff) {
        return number.category() == NumberCategory.SPECIAL_SURCHARGED && tariff != null && tariff.announcement()
                && tariff.chargeCents() > 0 && tariff.unit() != null;
    }

    /** Whether numbers of this category may carry a {@link SpecialTariff} (the 08 special numbers). */
    public static boolean isSpecial(NumberCategory category) {
        return category == NumberCategory.SPECIAL_FREE || category == NumberCategory.SPECIAL_NORMAL
                || category == NumberCategory.SPECIAL_SURCHARGED;
    }

    /** The tier's legal ceiling in cents for one unit. */
    public static int ceiling(SurchargeTier tier, ChargeUnit unit) {
        return unit == ChargeUnit.MINUTE ? tier.maxCentsPerMinute() : tier.maxCentsPerCall();
    }

    /** {@code 80, MINUTE} → {@code "0.80 €/min"}; {@code 300, CALL} → {@code "3.00 €/call"} (API messages). */
    public static String amount(int cents, ChargeUnit unit) {
        String euros = (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "." + twoDigits(Math.abs(cents) % 100) + " €";
        if (unit == null) return euros;
        return euros + (unit == ChargeUnit.MINUTE ? "/min" : "/call");
    }

    private static String ceilings(SurchargeTier tier) {
        return amount(tier.maxCentsPerMinute(), ChargeUnit.MINUTE) + " or " + amount(tier.maxCentsPerCall(), ChargeUnit.CALL);
    }

    static String twoDigits(int n) { return n < 10 ? "0" + n : Integer.toString(n); }
}
