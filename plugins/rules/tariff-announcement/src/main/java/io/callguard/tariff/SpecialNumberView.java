package io.callguard.tariff;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.numbering.NumberCategory;

import java.time.Instant;

/**
 * One 08 special number as the admin API lists it: who owns it, its charge, its announcement option and what the
 * callers hear.
 *
 * @param number             national form
 * @param accountId          owning account
 * @param category           SPECIAL_FREE, SPECIAL_NORMAL or SPECIAL_SURCHARGED
 * @param chargeCents        service charge in cents per {@code chargeUnit}, 0 when none (or no tariff set)
 * @param chargeUnit         MINUTE or CALL, null without charge
 * @param announcement       the option (true by default, and when no tariff is set)
 * @param announcementOffAt  when the client switched it off, null while on
 * @param announcementOffBy  who switched it off, null while on
 * @param prompt             the announcement callers hear before the call is answered; empty when none is due
 * @param tariffMissing      a 081/082/089 number without a known charge: nothing can be announced, to be fixed
 */
public record SpecialNumberView(String number, String accountId, NumberCategory category, int chargeCents,
                                ChargeUnit chargeUnit, boolean announcement, Instant announcementOffAt,
                                String announcementOffBy, String prompt, boolean tariffMissing) {
}
