package io.callguard.bench;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.RecordEntry;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The year's calls in start order. Starts: each record's share of the year's weighted time, mapped back to an
 * instant through the cumulative weight of the year's hours (busy working hours, quiet nights and weekends), so
 * the N calls fill exactly the months asked. Accounts: Zipf (weight 1/rank). Outcomes: about 62 % answered
 * (billable seconds exponential, mean 150 s), the rest no answer, busy, failed, congestion or denied.
 */
final class YearOfCalls {
    final YearMonth firstMonth;
    private final SplittableRandom rnd;
    private final int total;
    private final String node;
    private final long startMillis;
    private final double[] cumulative; // cumulative weight at the end of each hour of the span
    private final double[] accountCumulative;
    private final String[] accountIds;
    private final long[][] perAccountMonth; // counts, for the query targets
    private final int monthCount;
    /** The entry the next one chains to: null for a new chain, a stored head to go on from it. */
    RecordEntry previous;
    private int produced;

    YearOfCalls(SplittableRandom rnd, int total, int accounts, YearMonth firstMonth, YearMonth lastMonth, String node) {
        this.rnd = rnd;
        this.total = total;
        this.node = node;
        this.firstMonth = firstMonth;
        ZonedDateTime start = firstMonth.atDay(1).atStartOfDay(ZoneOffset.UTC);
        ZonedDateTime end = lastMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC);
        this.startMillis = start.toInstant().toEpochMilli();
        int hours = (int) Duration.between(start, end).toHours();
        cumulative = new double[hours];
        double sum = 0;
        for (int h = 0; h < hours; h++) {
            ZonedDateTime t = start.plusHours(h);
            sum += weight(t.getHour(), t.getDayOfWeek());
            cumulative[h] = sum;
        }
        accountIds = new String[accounts];
        accountCumulative = new double[accounts];
        double a = 0;
        for (int i = 0; i < accounts; i++) {
            accountIds[i] = String.format("acct-%04d", i + 1);
            a += 1.0 / (i + 1);
            accountCumulative[i] = a;
        }
        monthCount = (int) (lastMonth.getYear() * 12L + lastMonth.getMonthValue()
                - firstMonth.getYear() * 12L - firstMonth.getMonthValue()) + 1;
        perAccountMonth = new long[accounts][monthCount];
    }

    /** Calls per hour, relative: office hours busiest (French local time is UTC+1/+2: 07..17 UTC). */
    private static double weight(int hourUtc, DayOfWeek day) {
        double w = hourUtc >= 7 && hourUtc < 17 ? 10 : hourUtc >= 5 && hourUtc < 20 ? 3 : 0.5;
        if (day == DayOfWeek.SATURDAY) w *= 0.3;
        if (day == DayOfWeek.SUNDAY) w *= 0.15;
        return w;
    }

    RecordEntry next() {
        double target = (produced + rnd.nextDouble()) / total * cumulative[cumulative.length - 1];
        int h = java.util.Arrays.binarySearch(cumulative, target);
        if (h < 0) h = -h - 1;
        h = Math.min(h, cumulative.length - 1);
        double before = h == 0 ? 0 : cumulative[h - 1];
        double within = (target - before) / (cumulative[h] - before);
        long startMs = startMillis + h * 3_600_000L + (long) (within * 3_600_000L);
        produced++;
        Instant started = Instant.ofEpochMilli(startMs);

        int acct = java.util.Arrays.binarySearch(accountCumulative,
                rnd.nextDouble() * accountCumulative[accountCumulative.length - 1]);
        if (acct < 0) acct = -acct - 1;
        acct = Math.min(acct, accountIds.length - 1);
        String account = accountIds[acct];
        YearMonth m = YearMonth.from(started.atZone(ZoneOffset.UTC));
        int mi = (int) (m.getYear() * 12L + m.getMonthValue() - firstMonth.getYear() * 12L - firstMonth.getMonthValue());
        perAccountMonth[acct][mi]++;

        Direction direction = rnd.nextInt(100) < 70 ? Direction.OUTBOUND : Direction.INBOUND;
        int c = rnd.nextInt(1000);
        NumberCategory category;
        String detail = "";
        String callee;
        String normalised;
        if (c < 1) {
            category = NumberCategory.EMERGENCY;
            callee = "112";
            normalised = "112";
        } else if (c < 520) {
            category = NumberCategory.GEOGRAPHIC;
            normalised = "0" + (1 + rnd.nextInt(5)) + digits(8);
            callee = normalised;
        } else if (c < 900) {
            category = NumberCategory.MOBILE;
            normalised = "0" + (6 + rnd.nextInt(2)) + digits(8);
            callee = normalised;
        } else if (c < 950) {
            category = NumberCategory.SPECIAL_SURCHARGED;
            detail = "08" + (1 + rnd.nextInt(9));
            normalised = detail + digits(7);
            callee = normalised;
        } else if (c < 980) {
            category = NumberCategory.INTERNATIONAL;
            String[] prefixes = {"+44", "+49", "+32", "+41", "+34", "+1"};
            detail = prefixes[rnd.nextInt(prefixes.length)];
            normalised = detail + digits(9);
            callee = "00" + normalised.substring(1);
        } else {
            category = NumberCategory.NON_GEOGRAPHIC;
            normalised = "09" + digits(8);
            callee = normalised;
        }
        String caller = "0" + (1 + rnd.nextInt(5)) + digits(8);
        if (direction == Direction.INBOUND) {
            String t = caller;
            caller = callee;
            callee = t;
            normalised = t;
            category = NumberCategory.GEOGRAPHIC;
            detail = "";
        }
        int o = rnd.nextInt(1000);
        Disposition disposition;
        Integer cause;
        String verdict = direction == Direction.OUTBOUND ? "ALLOW" : "";
        String reason = "";
        if (o < 620) {
            disposition = Disposition.ANSWERED;
            cause = 16;
        } else if (o < 820) {
            disposition = Disposition.NO_ANSWER;
            cause = rnd.nextBoolean() ? 19 : 16;
        } else if (o < 920) {
            disposition = Disposition.BUSY;
            cause = 17;
        } else if (o < 960) {
            disposition = Disposition.FAILED;
            cause = 1;
        } else if (o < 980) {
            disposition = Disposition.CONGESTION;
            cause = 34;
        } else {
            disposition = direction == Direction.OUTBOUND ? Disposition.DENIED : Disposition.FAILED;
            cause = 21;
            if (direction == Direction.OUTBOUND) {
                verdict = "DENY";
                reason = rnd.nextBoolean() ? "channel-cap" : "suspended";
            }
        }
        long ringMs = disposition == Disposition.DENIED ? 0 : 2_000 + rnd.nextInt(disposition == Disposition.NO_ANSWER ? 28_000 : 12_000);
        Instant answered = null;
        Instant ended;
        long billable = 0;
        if (disposition == Disposition.ANSWERED) {
            answered = started.plusMillis(ringMs);
            long talkMs = (long) (-Math.log(1 - rnd.nextDouble()) * 150_000);
            ended = answered.plusMillis(talkMs);
            billable = CallRecord.billable(answered, ended);
        } else {
            ended = started.plusMillis(ringMs + 200);
        }
        String uniqueId = started.getEpochSecond() + "." + produced;
        CallRecord call = new CallRecord(uniqueId, uniqueId, account, account + "-trunk-" + (1 + (produced % 2)),
                direction, caller, callee, normalised, category, detail, verdict, reason, started, answered, ended,
                billable, disposition, cause, "pbx1", false);
        previous = RecordEntry.chain(previous, node, ended.plusMillis(150), call, null);
        return previous;
    }

    private String digits(int n) {
        long bound = (long) Math.pow(10, n);
        String s = Long.toString(rnd.nextLong(bound));
        return "0".repeat(n - s.length()) + s;
    }

    /** The largest account's busiest month and the median account's same month: what the bench queries. */
    Map<String, Object> targets() {
        Map<String, Object> t = new LinkedHashMap<>();
        int big = 0;
        int bestMonth = 0;
        for (int m = 0; m < monthCount; m++) if (perAccountMonth[big][m] > perAccountMonth[big][bestMonth]) bestMonth = m;
        YearMonth month = firstMonth.plusMonths(bestMonth);
        int median = accountIds.length / 2;
        t.put("target.month", month);
        t.put("target.from", month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        t.put("target.to", month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        t.put("target.big.account", accountIds[big]);
        t.put("target.big.rows", perAccountMonth[big][bestMonth]);
        t.put("target.median.account", accountIds[median]);
        t.put("target.median.rows", perAccountMonth[median][bestMonth]);
        return t;
    }
}
