package io.callguard.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reports module keeps: the revenue share rates (per 08 tier and per number), the number ranges, and the
 * months of revenue share already closed. Implementations may block (the store's is SQL): call them off the event
 * loop.
 */
public interface ReportsRepository {
    /** Every rate, by target: a tier ({@code 081}, {@code 082}, {@code 089}) or a national number. */
    Map<String, BigDecimal> rates();

    /** Sets (or replaces) the rate of a tier or a number, in percent of the service charge. */
    void saveRate(String target, BigDecimal ratePercent);

    /** Removes a rate; false when there was none. */
    boolean deleteRate(String target);

    /** Every range, by first number. */
    List<NumberRange> ranges();

    /**
     * Stores a new range.
     *
     * @throws RuntimeException the store's duplicate-key or unknown-reference exception when the first number is
     *                          taken or the account does not exist (the HTTP adapter answers 409 / 404)
     */
    void insertRange(NumberRange range);

    /** Removes the account's range starting at {@code first}; false when there is none. */
    boolean deleteRange(String accountId, String first);

    /** The closed month, when it is closed. */
    Optional<ClosedMonth> closedMonth(YearMonth month);

    /** The latest closed month, when any is. */
    Optional<YearMonth> lastClosed();

    /**
     * Stores a month's close and every account's outcome, all or nothing.
     *
     * @throws IllegalStateException when the month is already closed
     */
    void close(ClosedMonth month);

    /**
     * A range of consecutive national numbers reserved for an account (CP Téléphonie §1).
     *
     * @param first first number, 10 digits
     * @param last  last number, 10 digits, same first two digits, not before {@code first}
     */
    record NumberRange(String accountId, String first, String last, Instant createdAt) {
        public NumberRange {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(createdAt, "createdAt");
            if (Long.parseLong(last) < Long.parseLong(first)) throw new IllegalArgumentException("last before first");
        }

        public long size() { return Long.parseLong(last) - Long.parseLong(first) + 1; }

        public boolean contains(String number) {
            if (number == null || number.length() != first.length()) return false;
            return number.compareTo(first) >= 0 && number.compareTo(last) <= 0;
        }

        public boolean overlaps(NumberRange other) {
            return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
        }
    }

    /**
     * A month of revenue share closed: from then on its figures never change (late records go to the next month).
     *
     * @param closedAt the close: the month's records written after it belong to the next month
     * @param accounts each account's outcome (accounts with nothing earned nor carried have none)
     */
    record ClosedMonth(YearMonth month, Instant closedAt, String closedBy, Map<String, Outcome> accounts) {
        public ClosedMonth {
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(closedAt, "closedAt");
            Objects.requireNonNull(closedBy, "closedBy");
            accounts = Map.copyOf(accounts);
        }
    }

    /**
     * An account's month: what it earned, what came from earlier months, and whether the total was payable.
     *
     * @param earnedCents    the month's share, euro cents HT (4 decimals, exact)
     * @param carriedInCents carried over from earlier months, not yet paid
     * @param payable        whether earned + carried in reached the threshold
     * @param lines          the month's number lines as the module wrote them (its own text form, kept as is so
     *                       that a closed month shows the figures it was closed with); empty when none
     */
    record Outcome(BigDecimal earnedCents, BigDecimal carriedInCents, boolean payable, String lines) {
        public Outcome {
            Objects.requireNonNull(earnedCents, "earnedCents");
            Objects.requireNonNull(carriedInCents, "carriedInCents");
            lines = lines == null ? "" : lines;
        }

        public BigDecimal totalCents() { return earnedCents.add(carriedInCents); }

        /** What goes on to the next month: the total when not payable, else nothing. */
        public BigDecimal carriedOutCents() { return payable ? BigDecimal.ZERO.setScale(4) : totalCents(); }
    }
}
