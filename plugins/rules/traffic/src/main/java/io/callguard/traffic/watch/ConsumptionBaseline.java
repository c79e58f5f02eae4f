package io.callguard.traffic.watch;

import io.callguard.core.records.RecordRepository;
import io.callguard.traffic.measures.TrafficMeasures;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ABNORMAL_CONSUMPTION's reference: the average billable seconds of the account's outbound calls on the same weekday
 * of the four previous weeks (the trailing 28 days), read from the call records once per account and day (blocking).
 */
public final class ConsumptionBaseline {
    static final int WEEKS = 4;

    private final RecordRepository records;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();

    public ConsumptionBaseline(RecordRepository records) { this.records = records; }

    /** The average billable seconds per same weekday before {@code day}; 0 without history. Blocking. */
    public long averageSeconds(String accountId, LocalDate day) {
        return cache.computeIfAbsent(accountId + "|" + day, k -> {
            long total = 0;
            for (int w = 1; w <= WEEKS; w++) total += seconds(accountId, day.minusWeeks(w));
            return total / WEEKS;
        });
    }

    private long seconds(String accountId, LocalDate day) {
        long[] total = {0};
        records.eachByAccount(accountId, day.atStartOfDay(TrafficMeasures.ZONE).toInstant(),
                day.plusDays(1).atStartOfDay(TrafficMeasures.ZONE).toInstant(), e -> {
                    if (e.call() != null && e.call().direction() == io.callguard.core.policy.Direction.OUTBOUND) {
                        total[0] += e.call().billableSeconds();
                    }
                });
        return total[0];
    }

    /** Forgets the cached days before {@code day}. */
    public void forgetBefore(LocalDate day) {
        cache.keySet().removeIf(k -> LocalDate.parse(k.substring(k.lastIndexOf('|') + 1)).isBefore(day));
    }
}
