package io.callguard.traffic.measures;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One account's outbound calls of the days the measures keep, by Paris day of their start. A day's figures are kept
 * current as calls are added (O(1) per call, whatever the day's traffic: the watch reads them after every record), the
 * short calls as a histogram of billable seconds so that the short-call bound stays the account's rule of the moment.
 * The calls themselves are kept for the sliding 24 h, computed when read (the routes). Synchronised: records arrive on
 * the event threads, reads come from the routes and the watch.
 */
final class AccountTraffic {
    private final Map<LocalDate, List<PlacedCall>> days = new HashMap<>();
    private final Map<LocalDate, DayFigures> figures = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** Adds the call (once: a record read back at start and heard again counts once); false when already there. */
    synchronized boolean add(PlacedCall call, ZoneId zone) {
        if (!seen.add(call.uniqueId())) return false;
        LocalDate day = LocalDate.ofInstant(call.startedAt(), zone);
        days.computeIfAbsent(day, d -> new ArrayList<>()).add(call);
        figures.computeIfAbsent(day, d -> new DayFigures()).add(call);
        return true;
    }

    synchronized TrafficFigures day(LocalDate day, long shortCallSeconds) {
        DayFigures f = figures.get(day);
        return f == null ? figures(List.of(), null, null, shortCallSeconds) : f.figures(shortCallSeconds);
    }

    /** One day's figures, counted as its calls arrive. */
    private static final class DayFigures {
        /** Billable seconds of answered calls below this are counted one by one; longer ones never count as short. */
        private static final int HISTOGRAM_SECONDS = 3601;
        private long placed, answered, seconds, mobile, peak;
        private BigDecimal amount = BigDecimal.ZERO.setScale(4);
        private final Set<String> destinations = new HashSet<>();
        private final Map<Long, Integer> perSecond = new HashMap<>();
        private final int[] answeredBySeconds = new int[HISTOGRAM_SECONDS];

        void add(PlacedCall c) {
            placed++;
            if (c.answered()) {
                answered++;
                seconds += c.billableSeconds();
                if (c.billableSeconds() < HISTOGRAM_SECONDS) answeredBySeconds[(int) Math.max(0, c.billableSeconds())]++;
            }
            amount = amount.add(c.amountCents());
            destinations.add(c.destination());
            if (c.mobile()) mobile++;
            peak = Math.max(peak, perSecond.merge(c.startedAt().getEpochSecond(), 1, Integer::sum));
        }

        TrafficFigures figures(long shortCallSeconds) {
            long shortCalls = 0;
            int bound = (int) Math.min(HISTOGRAM_SECONDS, Math.max(0, shortCallSeconds));
            for (int s = 0; s < bound; s++) shortCalls += answeredBySeconds[s];
            return new TrafficFigures(placed, answered, seconds, amount, destinations.size(), peak, shortCalls, mobile,
                    shortCallSeconds);
        }
    }

    synchronized TrafficFigures between(Instant from, Instant to, ZoneId zone, long shortCallSeconds) {
        List<PlacedCall> calls = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(LocalDate.ofInstant(to, zone)); d = d.plusDays(1)) {
            calls.addAll(days.getOrDefault(d, List.of()));
        }
        return figures(calls, from, to, shortCallSeconds);
    }

    /** Forgets the days before {@code oldest}. */
    synchronized void forgetBefore(LocalDate oldest) {
        days.entrySet().removeIf(e -> {
            if (!e.getKey().isBefore(oldest)) return false;
            for (PlacedCall c : e.getValue()) seen.remove(c.uniqueId());
            figures.remove(e.getKey());
            return true;
        });
    }

    static TrafficFigures figures(List<PlacedCall> calls, Instant from, Instant to, long shortCallSeconds) {
        long placed = 0, answered = 0, seconds = 0, shortCalls = 0, mobile = 0, peak = 0;
        BigDecimal amount = BigDecimal.ZERO.setScale(4);
        Set<String> destinations = new HashSet<>();
        Map<Long, Integer> perSecond = new HashMap<>();
        for (PlacedCall c : calls) {
            if (from != null && (c.startedAt().isBefore(from) || !c.startedAt().isBefore(to))) continue;
            placed++;
            if (c.answered()) {
                answered++;
                seconds += c.billableSeconds();
                if (c.billableSeconds() < shortCallSeconds) shortCalls++;
            }
            amount = amount.add(c.amountCents());
            destinations.add(c.destination());
            if (c.mobile()) mobile++;
            peak = Math.max(peak, perSecond.merge(c.startedAt().getEpochSecond(), 1, Integer::sum));
        }
        return new TrafficFigures(placed, answered, seconds, amount, destinations.size(), peak, shortCalls, mobile,
                shortCallSeconds);
    }
}
