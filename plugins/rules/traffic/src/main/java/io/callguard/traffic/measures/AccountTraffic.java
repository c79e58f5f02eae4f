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
 * One account's outbound calls of the days the measures keep, by Paris day of their start. Figures are computed
 * when read (a day's calls of one account: cheap), so that the short-call bound is the account's rule of the moment.
 * Synchronised: records arrive on the event threads, reads come from the routes and the watch.
 */
final class AccountTraffic {
    private final Map<LocalDate, List<PlacedCall>> days = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** Adds the call (once: a record read back at start and heard again counts once); false when already there. */
    synchronized boolean add(PlacedCall call, ZoneId zone) {
        if (!seen.add(call.uniqueId())) return false;
        days.computeIfAbsent(LocalDate.ofInstant(call.startedAt(), zone), d -> new ArrayList<>()).add(call);
        return true;
    }

    synchronized TrafficFigures day(LocalDate day, long shortCallSeconds) {
        return figures(days.getOrDefault(day, List.of()), null, null, shortCallSeconds);
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
