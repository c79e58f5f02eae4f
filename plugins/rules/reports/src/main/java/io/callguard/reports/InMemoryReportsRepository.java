package io.callguard.reports;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The reports' repository in memory: tests, and an app without a store (nothing survives a restart). */
public final class InMemoryReportsRepository implements ReportsRepository {
    private final Map<String, BigDecimal> rates = new TreeMap<>();
    private final Map<String, NumberRange> ranges = new TreeMap<>();
    private final TreeMap<YearMonth, ClosedMonth> closed = new TreeMap<>();

    @Override public synchronized Map<String, BigDecimal> rates() { return Map.copyOf(rates); }

    @Override public synchronized void saveRate(String target, BigDecimal ratePercent) { rates.put(target, ratePercent); }

    @Override public synchronized boolean deleteRate(String target) { return rates.remove(target) != null; }

    @Override
    public synchronized List<NumberRange> ranges() {
        List<NumberRange> out = new ArrayList<>(ranges.values());
        out.sort(Comparator.comparing(NumberRange::first));
        return out;
    }

    @Override
    public synchronized void insertRange(NumberRange range) {
        if (ranges.containsKey(range.first())) throw new IllegalStateException("range " + range.first() + " exists");
        ranges.put(range.first(), range);
    }

    @Override
    public synchronized boolean deleteRange(String accountId, String first) {
        NumberRange r = ranges.get(first);
        if (r == null || !r.accountId().equals(accountId)) return false;
        ranges.remove(first);
        return true;
    }

    @Override public synchronized Optional<ClosedMonth> closedMonth(YearMonth month) { return Optional.ofNullable(closed.get(month)); }

    @Override public synchronized Optional<YearMonth> lastClosed() { return closed.isEmpty() ? Optional.empty() : Optional.of(closed.lastKey()); }

    @Override
    public synchronized void close(ClosedMonth month) {
        if (closed.containsKey(month.month())) throw new IllegalStateException("month " + month.month() + " is already closed");
        closed.put(month.month(), month);
    }
}
