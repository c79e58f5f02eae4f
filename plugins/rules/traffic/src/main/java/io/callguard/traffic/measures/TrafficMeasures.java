package io.callguard.traffic.measures;

import io.callguard.core.records.CallRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every account's outbound calls of the last days (today and yesterday in Europe/Paris: what the day figures and the
 * sliding 24 h need), kept current as the records arrive and read as {@link TrafficFigures}.
 */
public final class TrafficMeasures {
    /** The calls' day is told in the contract's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final Duration SLIDING = Duration.ofHours(24);
    /** Days kept in memory, today included. */
    static final int DAYS_KEPT = 2;

    private final Clock clock;
    private final ConcurrentHashMap<String, AccountTraffic> accounts = new ConcurrentHashMap<>();

    public TrafficMeasures(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

    /** Counts the record when it is an account's outbound call of the days kept; false otherwise or when already counted. */
    public boolean add(CallRecord record) {
        PlacedCall call = PlacedCall.of(record);
        if (call == null) return false;
        if (LocalDate.ofInstant(call.startedAt(), ZONE).isBefore(oldestKept())) return false;
        return accounts.computeIfAbsent(record.accountId(), a -> new AccountTraffic()).add(call, ZONE);
    }

    public LocalDate today() { return LocalDate.ofInstant(clock.instant(), ZONE); }

    /** The first day kept: yesterday. */
    public LocalDate oldestKept() { return today().minusDays(DAYS_KEPT - 1); }

    /** Whether the day's figures are kept here (the others are read from the store). */
    public boolean keeps(LocalDate day) { return !day.isBefore(oldestKept()) && !day.isAfter(today()); }

    public TrafficFigures day(String accountId, LocalDate day, long shortCallSeconds) {
        AccountTraffic t = accounts.get(accountId);
        return t == null ? new AccountTraffic().day(day, shortCallSeconds) : t.day(day, shortCallSeconds);
    }

    /** The last 24 h up to now. */
    public TrafficFigures sliding(String accountId, long shortCallSeconds) {
        Instant now = clock.instant();
        AccountTraffic t = accounts.getOrDefault(accountId, new AccountTraffic());
        return t.between(now.minus(SLIDING), now.plusMillis(1), ZONE, shortCallSeconds);
    }

    /** The accounts that placed calls in the days kept. */
    public Set<String> accounts() { return Set.copyOf(accounts.keySet()); }

    /** Forgets the days no longer kept (the module's timer). */
    public void trim() {
        LocalDate oldest = oldestKept();
        accounts.values().forEach(t -> t.forgetBefore(oldest));
    }

    public void drop(String accountId) { accounts.remove(accountId); }

    /**
     * Figures counted record by record, O(1) a record: a day no longer kept is read back from the store page by page
     * without holding its records (a busy account's day is millions). Not thread-safe.
     */
    public static final class Tally {
        private final FiguresCount count = new FiguresCount();

        /** Counts the record when it is an account's outbound call (as {@link TrafficMeasures#add}, without the once-only check). */
        public void add(CallRecord record) {
            PlacedCall c = PlacedCall.of(record);
            if (c != null) count.add(c);
        }

        public TrafficFigures figures(long shortCallSeconds) { return count.figures(shortCallSeconds); }
    }
}
