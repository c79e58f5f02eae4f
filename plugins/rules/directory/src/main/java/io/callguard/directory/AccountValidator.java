package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Ids;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.RouteResponse.InvalidFields;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Checks an account body: {@code {"id","name","maxCallSeconds","callsPerSecond","activatedOn","invoiceDay"}}.
 * {@code callsPerSecond} is optional: absent or null means the {@code calls-per-second} policy's default, 0 means no
 * limit. The billing dates are optional too (absent or null: not known): {@code activatedOn}, the anniversary date
 * ({@code YYYY-MM-DD}, CGV art. 2), and {@code invoiceDay}, the invoice day of the month the back office sets (1..31;
 * in a shorter month the invoice falls on its last day, as the anniversary of a 31st does), which wins over the
 * anniversary's day. The call records' retention counts from the invoice date these give (CGV 9.2). The credit fields
 * are optional as well: {@code creditThresholdCents} (0..{@value #MAX_AMOUNT_CENTS} euro cents; absent or
 * null: the credit module's computed default) and {@code tariffPlan} (a plan id; absent or null: none); so is
 * {@code monthlySubscriptionCents} (0..{@value #MAX_AMOUNT_CENTS} euro cents HT; absent or null: not set),
 * the base of the GTR penalties (R12, CGV 10.2, the incidents module).
 */
public final class AccountValidator {
    static final long MAX_CALL_SECONDS_LIMIT = 86_400;
    static final int MAX_NAME_LENGTH = 200;
    static final long MAX_CALLS_PER_SECOND = 1000;
    /** The fields of an account body (the admin API's bad-input tests cover each). */
    public static final Set<String> FIELDS = Set.of("id", "name", "maxCallSeconds", "callsPerSecond", "activatedOn",
            "invoiceDay", "creditThresholdCents", "tariffPlan", "monthlySubscriptionCents");
    /** The most an account's amounts (credit threshold, monthly subscription) may be: 10 million euros, far above any client's, far below what a long holds. */
    static final long MAX_AMOUNT_CENTS = 1_000_000_000L;

    private AccountValidator() { }

    /** @throws InvalidFields listing every bad field */
    static Account forCreate(Map<String, Object> body) { return read(body, null); }

    /** The id may be omitted from the body; if given it must be the path's. */
    static Account forReplace(String pathId, Map<String, Object> body) { return read(body, pathId); }

    private static Account read(Map<String, Object> body, String pathId) {
        BodyFields f = new BodyFields(body, FIELDS);
        String id = f.id("id", pathId == null);
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) f.error("id", "must match the id in the path ('" + pathId + "')");
            id = pathId;
        }
        String name = f.string("name", true);
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
            f.error("name", "must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
        }
        Long max = f.integer("maxCallSeconds", false, 1, MAX_CALL_SECONDS_LIMIT);
        Long cps = f.integer("callsPerSecond", false, 0, MAX_CALLS_PER_SECOND);
        String activated = f.string("activatedOn", false);
        LocalDate activatedOn = null;
        if (activated != null) {
            try {
                activatedOn = LocalDate.parse(activated);
            } catch (DateTimeParseException e) {
                f.error("activatedOn", "must be a date YYYY-MM-DD, got '" + activated + "'");
            }
        }
        Long invoiceDay = f.integer("invoiceDay", false, 1, 31);
        Long threshold = f.integer("creditThresholdCents", false, 0, MAX_AMOUNT_CENTS);
        String plan = f.string("tariffPlan", false);
        if (plan != null && !Ids.valid(plan)) {
            f.error("tariffPlan", Ids.RULE);
            plan = null;
        }
        Long subscription = f.integer("monthlySubscriptionCents", false, 0, MAX_AMOUNT_CENTS);
        f.throwIfInvalid();
        return new Account(id, name, max != null ? max : Account.DEFAULT_MAX_CALL_SECONDS,
                cps != null ? Integer.valueOf(cps.intValue()) : null, activatedOn,
                invoiceDay != null ? Integer.valueOf(invoiceDay.intValue()) : null, threshold, plan, subscription);
    }
}
