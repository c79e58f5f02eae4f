package io.callguard.reports;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.RecordRepository;
import io.callguard.reports.ReportsRepository.ClosedMonth;
import io.callguard.reports.ReportsRepository.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * R10 (Numéros spéciaux §3): each client's monthly revenue share on its 081/082/089 numbers, from the call records.
 *
 * <p>A month M's share of an account is, per number, the service charge its callers paid on the answered inbound
 * calls that started in M (the number's charge per minute, prorated to the second, or per call) times the number's
 * share rate (its own, else its tier's). It is payable when it plus what was carried over from earlier months reaches
 * the threshold (30 € HT), else carried over to the next month.
 *
 * <p>Closed months never change: closing M stores every account's outcome (earned, carried in, payable) and the
 * instant the close cut at; M's figures count only the records written up to that cut, and the records of M written
 * after it (late: a replayed spill file, a node's backlog) count in M + 1. The carry into a month comes from the
 * stored outcome of the month before when it is closed, else is computed from the records, month by month, at most
 * {@link #LOOK_BACK_MONTHS} months back (the records of earlier months are purged anyway after their retention).
 *
 * <p>Amounts are euro cents HT as exact {@link BigDecimal}s with 4 decimals: a number's collected charge and its share
 * are each rounded half-up to 4 decimals once per number and month (never per call); the sums are exact; the amount
 * payable is the exact total rounded half-up to the whole cent. Blocking (records and store): call it off the event
 * loop.
 */
public final class RevenueShare {
    /** Months computed back from the records when no closed month comes before. */
    public static final int LOOK_BACK_MONTHS = 6;
    /** The close cuts this long before it is made, so that every record written before the cut is stored when read. */
    public static final Duration CUT_MARGIN = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RevenueShare.class);
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(4);

    private final Directory directory;
    private final RecordRepository records;
    private final ReportsRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final ReportsOptions options;
    private final BigDecimal threshold;

    /** @param records null when there is no call records store: every month is then empty */
    public RevenueShare(Directory directory, RecordRepository records, ReportsRepository repository, AuditLog audit,
                        Clock clock, ReportsOptions options) {
        this.directory = directory;
        this.records = records;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
        this.options = options;
        this.threshold = BigDecimal.valueOf(options.thresholdCents()).setScale(4);
    }

    public ZoneId zone() { return options.zone(); }

    public BigDecimal threshold() { return threshold; }

    /** How a number's share rate was found. */
    public enum RateSource { NUMBER, TIER, NONE }

    /**
     * One number's month.
     *
     * @param chargeCents    the number's service charge per unit, null when the number has none any more (deleted, moved
     *                       to another account, no charge): nothing collected then
     * @param calls          answered inbound calls counted (late ones included)
     * @param lateCalls      of which calls of the month before, recorded after that month was closed
     * @param collectedCents the service charge the callers paid
     * @param shareCents     the client's share of it
     */
    public record Line(String number, String tier, Integer chargeCents, ChargeUnit chargeUnit, BigDecimal ratePercent,
                       RateSource rateSource, long calls, long lateCalls, long billableSeconds,
                       BigDecimal collectedCents, BigDecimal shareCents) {
        /** The units the charge counts: minutes (2 decimals) or calls. */
        public BigDecimal units() {
            return chargeUnit == ChargeUnit.CALL ? BigDecimal.valueOf(calls)
                    : BigDecimal.valueOf(billableSeconds).divide(SIXTY, 2, RoundingMode.HALF_UP);
        }
    }

    /** An account's month. */
    public record AccountMonth(String accountId, String name, List<Line> lines, Outcome outcome) {
        public BigDecimal totalCents() { return outcome.totalCents(); }

        /** The exact total rounded half-up to the whole cent when payable, else null. */
        public BigDecimal payableCents() {
            return outcome.payable() ? outcome.totalCents().setScale(0, RoundingMode.HALF_UP) : null;
        }

        public BigDecimal carriedOverCents() { return outcome.payable() ? ZERO : outcome.totalCents(); }
    }

    /** A month's report. */
    public record MonthReport(YearMonth month, Instant from, Instant to, boolean closed, Instant closedAt,
                              List<AccountMonth> accounts) { }

    /** The month's report, of one account or of every account with something earned or carried. */
    public MonthReport report(YearMonth month, String onlyAccount) {
        Lookup lookup = new Lookup();
        Optional<ClosedMonth> closed = lookup.closed(month);
        Map<String, BigDecimal> rates = repository.rates();
        TreeSet<String> ids = new TreeSet<>();
        for (Account a : directory.accounts()) ids.add(a.id());
        closed.ifPresent(c -> ids.addAll(c.accounts().keySet()));
        List<AccountMonth> out = new ArrayList<>();
        for (String id : ids) {
            if (onlyAccount != null && !onlyAccount.equals(id)) continue;
            List<Line> lines;
            Outcome outcome;
            if (closed.isPresent()) {
                outcome = closed.get().accounts().get(id);
                if (outcome == null) outcome = new Outcome(ZERO, ZERO, false, "");
                lines = decode(outcome.lines());
            } else {
                lines = lines(id, month, lookup, rates);
                outcome = outcome(id, month, lines, lookup, rates);
            }
            if (onlyAccount == null && lines.isEmpty() && outcome.totalCents().signum() == 0) continue;
            String name = directory.account(id).map(Account::name).orElse("");
            out.add(new AccountMonth(id, name, lines, outcome));
        }
        return new MonthReport(month, start(month), start(month.plusMonths(1)), closed.isPresent(),
                closed.map(ClosedMonth::closedAt).orElse(null), out);
    }

    /**
     * Closes {@code month}: stores every account's outcome; from then on its report never changes.
     *
     * @throws IllegalStateException (a conflict) when the month is not over, already closed, or not the month after
     *                               the last closed one
     */
    public synchronized ClosedMonth close(YearMonth month, String actor) {
        Instant now = clock.instant();
        if (now.isBefore(start(month.plusMonths(1)))) {
            throw new IllegalStateException("month " + month + " is not over (it ends at " + start(month.plusMonths(1)) + ")");
        }
        if (repository.closedMonth(month).isPresent()) throw new IllegalStateException("month " + month + " is already closed");
        Optional<YearMonth> last = repository.lastClosed();
        if (last.isPresent() && last.get().isAfter(month)) {
            throw new IllegalStateException("month " + month + " comes before " + last.get() + ", which is closed");
        }
        if (last.isPresent() && !last.get().plusMonths(1).equals(month)) {
            throw new IllegalStateException("close " + last.get().plusMonths(1) + " first: months are closed in order");
        }
        Instant cut = now.minus(CUT_MARGIN);
        Lookup lookup = new Lookup();
        lookup.cutOf.put(month, cut);
        Map<String, BigDecimal> rates = repository.rates();
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (Account a : directory.accounts()) {
            List<Line> lines = lines(a.id(), month, lookup, rates);
            Outcome o = outcome(a.id(), month, lines, lookup, rates);
            if (o.totalCents().signum() != 0 || !lines.isEmpty()) outcomes.put(a.id(), o);
        }
        ClosedMonth closed = new ClosedMonth(month, cut, actor, outcomes);
        repository.close(closed);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("month", month.toString());
        after.put("closedAt", cut.toString());
        after.put("accounts", outcomes.size());
        after.put("payable", outcomes.values().stream().filter(Outcome::payable).count());
        try {
            audit.append(AuditEntry.of(now, actor, "revenue-share.close", "revenue-share:" + month, null, CompactJson.write(after)));
        } catch (RuntimeException e) {
            LOG.warn("revenue share of {} closed, but its audit entry could not be stored: {}", month, e.toString());
        }
        LOG.info("revenue share of {} closed by {}: {} account(s), {} payable", month, actor, outcomes.size(), after.get("payable"));
        return closed;
    }

    /**
     * The timer's work: closes every month over for {@code closeAfter} that follows the last closed one, in order
     * (the first close ever closes only the last month due).
     */
    public synchronized List<YearMonth> closeDue() {
        Instant now = clock.instant();
        YearMonth current = YearMonth.from(now.atZone(options.zone()));
        YearMonth due = current.minusMonths(1);
        while (start(due.plusMonths(1)).plus(options.closeAfter()).isAfter(now)) due = due.minusMonths(1);
        Optional<YearMonth> last = repository.lastClosed();
        YearMonth next = last.map(m -> m.plusMonths(1)).orElse(due);
        List<YearMonth> done = new ArrayList<>();
        while (!next.isAfter(due)) {
            close(next, "system");
            done.add(next);
            next = next.plusMonths(1);
        }
        return done;
    }

    /** The first instant of {@code month} in the reports' zone. */
    public Instant start(YearMonth month) { return month.atDay(1).atStartOfDay(options.zone()).toInstant(); }

    private Outcome outcome(String accountId, YearMonth month, List<Line> lines, Lookup lookup, Map<String, BigDecimal> rates) {
        BigDecimal earned = ZERO;
        for (Line l : lines) earned = earned.add(l.shareCents());
        BigDecimal carried = carryInto(accountId, month, 1, lookup, rates);
        return new Outcome(earned, carried, earned.add(carried).compareTo(threshold) >= 0, encode(lines));
    }

    /** The lines' text form kept with a closed month: one line each, fields separated by {@code |}. */
    static String encode(List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.number()).append('|').append(l.tier()).append('|')
                    .append(l.chargeCents() == null ? "" : l.chargeCents()).append('|')
                    .append(l.chargeUnit() == null ? "" : l.chargeUnit().name()).append('|')
                    .append(l.ratePercent().toPlainString()).append('|').append(l.rateSource().name()).append('|')
                    .append(l.calls()).append('|').append(l.lateCalls()).append('|').append(l.billableSeconds()).append('|')
                    .append(l.collectedCents().toPlainString()).append('|').append(l.shareCents().toPlainString()).append('\n');
        }
        return b.toString();
    }

    static List<Line> decode(String text) {
        List<Line> out = new ArrayList<>();
        for (String row : text.split("\n")) {
            if (row.isBlank()) continue;
            String[] f = row.split("\\|", -1);
            out.add(new Line(f[0], f[1], f[2].isEmpty() ? null : Integer.valueOf(f[2]),
                    f[3].isEmpty() ? null : ChargeUnit.valueOf(f[3]), new BigDecimal(f[4]), RateSource.valueOf(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), new BigDecimal(f[9]), new BigDecimal(f[10])));
        }
        return out;
    }

    private BigDecimal carryInto(String accountId, YearMonth month, int depth, Lookup lookup, Map<String, BigDecimal> rates) {
        YearMonth prev = month.minusMonths(1);
        Optional<ClosedMonth> closed = lookup.closed(prev);
        if (closed.isPresent()) {
            Outcome o = closed.get().accounts().get(accountId);
            return o == null ? ZERO : o.carriedOutCents();
        }
        if (depth > LOOK_BACK_MONTHS) return ZERO;
        List<Line> lines = lines(accountId, prev, lookup, rates);
        BigDecimal earned = ZERO;
        for (Line l : lines) earned = earned.add(l.shareCents());
        BigDecimal total = earned.add(carryInto(accountId, prev, depth + 1, lookup, rates));
        return total.compareTo(threshold) >= 0 ? ZERO : total;
    }

    /** The number lines of an account's month: its own calls up to its cut, and the month before's late ones. */
    private List<Line> lines(String accountId, YearMonth month, Lookup lookup, Map<String, BigDecimal> rates) {
        Map<String, long[]> perNumber = new TreeMap<>(); // calls, late calls, billable seconds
        if (records != null) {
            Instant cut = lookup.cut(month);
            count(accountId, month, null, cut, perNumber, false);
            Instant prevCut = lookup.cut(month.minusMonths(1));
            if (prevCut != null) count(accountId, month.minusMonths(1), prevCut, cut, perNumber, true);
        }
        List<Line> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : perNumber.entrySet()) out.add(line(accountId, e.getKey(), e.getValue(), rates));
        return out;
    }

    /** Adds the account's answered inbound 08 calls started in {@code month}, written in ]after, until]. */
    private void count(String accountId, YearMonth month, Instant writtenAfter, Instant writtenUntil,
                       Map<String, long[]> perNumber, boolean late) {
        records.eachByAccount(accountId, start(month), start(month.plusMonths(1)), e -> {
            CallRecord c = e.call();
            if (c == null || !counts(c)) return;
            if (writtenAfter != null && !e.writtenAt().isAfter(writtenAfter)) return;
            if (writtenUntil != null && e.writtenAt().isAfter(writtenUntil)) return;
            long[] agg = perNumber.computeIfAbsent(c.calleeNormalised(), n -> new long[3]);
            agg[0]++;
            if (late) agg[1]++;
            agg[2] += c.billableSeconds();
        });
    }

    /** An answered inbound call to a number with a service charge (081, 082, 089). */
    static boolean counts(CallRecord c) {
        return c.direction() == Direction.INBOUND && c.category() == NumberCategory.SPECIAL_SURCHARGED
                && c.answeredAt() != null && !c.calleeNormalised().isEmpty();
    }

    private Line line(String accountId, String number, long[] agg, Map<String, BigDecimal> rates) {
        String tier = number.length() >= 3 ? number.substring(0, 3) : number;
        DidNumber did = directory.number(number).filter(d -> d.accountId().equals(accountId)).orElse(null);
        Integer charge = null;
        ChargeUnit unit = null;
        if (did != null && did.tariff() != null && did.tariff().hasCharge() && did.tariff().unit() != null) {
            charge = did.tariff().chargeCents();
            unit = did.tariff().unit();
        }
        BigDecimal rate = rates.get(number);
        RateSource source = RateSource.NUMBER;
        if (rate == null) {
            rate = rates.get(tier);
            source = RateSource.TIER;
        }
        if (rate == null) {
            rate = BigDecimal.ZERO;
            source = RateSource.NONE;
        }
        BigDecimal collected = ZERO;
        if (charge != null) {
            collected = unit == ChargeUnit.CALL
                    ? BigDecimal.valueOf((long) charge * agg[0]).setScale(4)
                    : BigDecimal.valueOf(charge).multiply(BigDecimal.valueOf(agg[2])).divide(SIXTY, 4, RoundingMode.HALF_UP);
        }
        BigDecimal share = collected.multiply(rate).divide(HUNDRED, 4, RoundingMode.HALF_UP);
        return new Line(number, tier, charge, unit, rate, source, agg[0], agg[1], agg[2], collected, share);
    }

    /** The closed months and their cuts, read once per report. */
    private final class Lookup {
        private final Map<YearMonth, Optional<ClosedMonth>> closed = new HashMap<>();
        final Map<YearMonth, Instant> cutOf = new HashMap<>();

        Optional<ClosedMonth> closed(YearMonth month) {
            return closed.computeIfAbsent(month, repository::closedMonth);
        }

        /** The month's cut: its close, or one being made; null while it is open. */
        Instant cut(YearMonth month) {
            Instant c = cutOf.get(month);
            if (c != null) return c;
            return closed(month).map(ClosedMonth::closedAt).orElse(null);
        }
    }
}
