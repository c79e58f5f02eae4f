package io.callguard.core.directory;

import java.time.Instant;

/**
 * The tariff of a client's 08 number (contract "Numéros spéciaux" §2, R9): the service charge the caller pays on top
 * of the price of a normal call, and the operator's automatic tariff announcement option.
 *
 * <p>The record holds what the admin API was given; whether it is legal for the number (a 080x number takes no
 * charge, a 089 number at most 0.80 €/min…) is checked by the {@code tariff-announcement} module's
 * {@code TariffRules} before anything is stored, so that the error names the field.
 *
 * @param chargeCents        service charge in euro cents per {@code unit}; 0 when none (080x, 0806–0809)
 * @param unit               MINUTE or CALL; may be null only when {@code chargeCents} is 0
 * @param announcement       true (the default) when the operator plays the tariff announcement; false when the
 *                           client switched the option off and announces the tariff itself, under its own
 *                           responsibility
 * @param announcementOffAt  when the option was switched off; null while it is on (or when unknown)
 * @param announcementOffBy  who switched it off (the admin API's caller); null while it is on (or when unknown)
 */
public record SpecialTariff(int chargeCents, ChargeUnit unit, boolean announcement, Instant announcementOffAt,
                            String announcementOffBy) {
    public SpecialTariff {
        if (announcement && (announcementOffAt != null || announcementOffBy != null)) {
            throw new IllegalArgumentException("an announcement that is on has no switch-off time or author");
        }
    }

    /** A tariff with the announcement on. */
    public static SpecialTariff of(int chargeCents, ChargeUnit unit) {
        return new SpecialTariff(chargeCents, unit, true, null, null);
    }

    /** No service charge (080x free numbers, 0806–0809 normal-price numbers), announcement option on. */
    public static SpecialTariff free() { return of(0, null); }

    public boolean hasCharge() { return chargeCents != 0; }

    /** The same charge with another amount or unit; the announcement option and its history are kept. */
    public SpecialTariff withCharge(int cents, ChargeUnit newUnit) {
        return new SpecialTariff(cents, newUnit, announcement, announcementOffAt, announcementOffBy);
    }

    /**
     * The option switched on or off by {@code by} at {@code at}. Switching off records when and by whom (the
     * first switch-off is kept when it is already off); switching on clears them (the audit log keeps history).
     */
    public SpecialTariff withAnnouncement(boolean on, Instant at, String by) {
        if (on) return announcement ? this : new SpecialTariff(chargeCents, unit, true, null, null);
        return announcement ? new SpecialTariff(chargeCents, unit, false, at, by) : this;
    }
}
