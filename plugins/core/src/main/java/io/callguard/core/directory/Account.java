package io.callguard.core.directory;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A client account of the operator.
 *
 * @param id             the operator's own identifier; also the {@code accountcode} of the client's PJSIP endpoints
 * @param name           display name
 * @param maxCallSeconds the longest call allowed (R1, CP Téléphonie §1: 120 minutes = 7200 s by default)
 * @param callsPerSecond new calls allowed per second, or null for the {@code calls-per-second} policy's default
 * @param activatedOn    the activation of the client's first service, its "date anniversaire" (CGV art. 2): its
 *                       day of the month is the monthly invoice day; null when the operator did not record it
 * @param invoiceDay     the invoice day of the month (1..31, clamped to the month's last day) the back office set,
 *                       which wins over {@code activatedOn}'s; null when not set
 * @param creditThresholdCents the credit threshold ("seuil d'encours", CGV 8.2) in euro cents HT the operator set;
 *                       null for the credit module's computed default (a base plus an amount per channel)
 * @param tariffPlan     the id of the account's tariff plan; null when it has none (its calls are not rated)
 * @param monthlySubscriptionCents the monthly subscription ("abonnement mensuel", euro cents HT) of the services under
 *                       the GTR (CGV 10.2): the base of the restoration-time penalties (R12); null when not set
 */
public record Account(String id, String name, long maxCallSeconds, Integer callsPerSecond, LocalDate activatedOn,
                      Integer invoiceDay, Long creditThresholdCents, String tariffPlan, Long monthlySubscriptionCents) {
    public static final long DEFAULT_MAX_CALL_SECONDS = 7200;

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (maxCallSeconds <= 0) throw new IllegalArgumentException("maxCallSeconds must be positive: " + maxCallSeconds);
        if (callsPerSecond != null && callsPerSecond < 0) {
            throw new IllegalArgumentException("callsPerSecond must not be negative: " + callsPerSecond);
        }
        if (invoiceDay != null && (invoiceDay < 1 || invoiceDay > 31)) {
            throw new IllegalArgumentException("invoiceDay must be 1..31: " + invoiceDay);
        }
        if (creditThresholdCents != null && creditThresholdCents < 0) {
            throw new IllegalArgumentException("creditThresholdCents must not be negative: " + creditThresholdCents);
        }
        if (monthlySubscriptionCents != null && monthlySubscriptionCents < 0) {
            throw new IllegalArgumentException("monthlySubscriptionCents must not be negative: " + monthlySubscriptionCents);
        }
    }

    /** An account without a monthly subscription set (no GTR penalty base). */
    public Account(String id, String name, long maxCallSeconds, Integer callsPerSecond, LocalDate activatedOn,
                   Integer invoiceDay, Long creditThresholdCents, String tariffPlan) {
        this(id, name, maxCallSeconds, callsPerSecond, activatedOn, invoiceDay, creditThresholdCents, tariffPlan, null);
    }

    /** An account without credit settings (computed threshold, no tariff plan). */
    public Account(String id, String name, long maxCallSeconds, Integer callsPerSecond, LocalDate activatedOn,
                   Integer invoiceDay) {
        this(id, name, maxCallSeconds, callsPerSecond, activatedOn, invoiceDay, null, null);
    }

    /** An account without billing dates (no anniversary, no invoice day set). */
    public Account(String id, String name, long maxCallSeconds, Integer callsPerSecond) {
        this(id, name, maxCallSeconds, callsPerSecond, null, null);
    }

    /**
     * The day of the month its calls are invoiced (CGV art. 2 and 9.2): the back office's {@code invoiceDay}, else
     * the anniversary's day of the month, else null (unknown).
     */
    public Integer billingDay() {
        if (invoiceDay != null) return invoiceDay;
        return activatedOn == null ? null : activatedOn.getDayOfMonth();
    }

    /** An account that takes the calls-per-second default. */
    public Account(String id, String name, long maxCallSeconds) {
        this(id, name, maxCallSeconds, null);
    }
}
