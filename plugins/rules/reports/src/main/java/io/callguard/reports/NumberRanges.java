package io.callguard.reports;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.RecordRepository;
import io.callguard.reports.ReportsRepository.NumberRange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * R13 (CP Téléphonie §1): the number ranges ("tranches") reserved for the clients and their use. A number of a range
 * is used when it is assigned to the range's account (a directory number) and received or placed a call (any call
 * record but a denied one) within {@code reports.rangeUsePeriod}; a range whose used numbers are less than
 * {@code reports.rangeUseThreshold} (80 %) of its size is flagged underused. Writes are serialised (no two ranges
 * overlap, across accounts). Blocking: call it off the event loop.
 */
public final class NumberRanges {
    /** The largest range one request may reserve. */
    public static final int MAX_SIZE = 100_000;
    private static final Pattern NATIONAL = Pattern.compile("0[1-9][0-9]{8}");

    private final ReportsRepository repository;
    private final Directory directory;
    private final RecordRepository records;
    private final FrenchNumberingPlan plan;
    private final AuditLog audit;
    private final Clock clock;
    private final ReportsOptions options;

    /** @param records null when there is no call records store: no number is ever used */
    public NumberRanges(ReportsRepository repository, Directory directory, RecordRepository records,
                        FrenchNumberingPlan plan, AuditLog audit, Clock clock, ReportsOptions options) {
        this.repository = repository;
        this.directory = directory;
        this.records = records;
        this.plan = plan;
        this.audit = audit;
        this.clock = clock;
        this.options = options;
    }

    /** A refusal of a range because another one holds some of its numbers (409). */
    public static final class OverlapException extends RuntimeException {
        public OverlapException(String message) { super(message, null, false, false); }
    }

    /** A national 10-digit number from its national or international form, or empty. */
    public Optional<String> national(String text) {
        if (text == null) return Optional.empty();
        String n = plan.classify(text.trim()).normalized();
        return NATIONAL.matcher(n).matches() ? Optional.of(n) : Optional.empty();
    }

    /**
     * Reserves {@code first..last} for the account.
     *
     * @throws OverlapException when another range (of any account) holds one of its numbers
     */
    public synchronized NumberRange create(String accountId, String first, String last, String actor) {
        NumberRange range = new NumberRange(accountId, first, last, clock.instant());
        for (NumberRange r : repository.ranges()) {
            if (r.overlaps(range)) {
                throw new OverlapException("the range " + first + "-" + last + " overlaps " + r.first() + "-" + r.last()
                        + (r.accountId().equals(accountId) ? " of the same account" : ", reserved for another account"));
            }
        }
        repository.insertRange(range);
        audit.append(AuditEntry.of(range.createdAt(), actor, "range.create", "account:" + accountId, null, CompactJson.write(json(range))));
        return range;
    }

    public List<NumberRange> of(String accountId) {
        List<NumberRange> out = new ArrayList<>();
        for (NumberRange r : repository.ranges()) if (r.accountId().equals(accountId)) out.add(r);
        return out;
    }

    /** Releases the account's range starting at {@code first}; false when it has none. */
    public synchronized boolean delete(String accountId, String first, String actor) {
        Optional<NumberRange> r = of(accountId).stream().filter(x -> x.first().equals(first)).findFirst();
        if (r.isEmpty() || !repository.deleteRange(accountId, first)) return false;
        audit.append(AuditEntry.of(clock.instant(), actor, "range.delete", "account:" + accountId, CompactJson.write(json(r.get())), null));
        return true;
    }

    /**
     * A range's use.
     *
     * @param assigned numbers of the range assigned to its account
     * @param used     of which those that received or placed a call in the period
     */
    public record RangeUse(NumberRange range, long assigned, long used, BigDecimal usePercent, boolean underused) { }

    /** The use report: every range (or one account's), by first number, measured over the period up to now included. */
    public UseReport use(String onlyAccount) {
        Instant to = clock.instant();
        Instant from = to.minus(options.rangeUsePeriod());
        Map<String, List<NumberRange>> byAccount = new LinkedHashMap<>();
        for (NumberRange r : repository.ranges()) {
            if (onlyAccount != null && !onlyAccount.equals(r.accountId())) continue;
            byAccount.computeIfAbsent(r.accountId(), a -> new ArrayList<>()).add(r);
        }
        Map<String, Set<String>> usedBy = new LinkedHashMap<>();
        Map<String, Set<String>> assignedBy = new LinkedHashMap<>();
        for (Map.Entry<String, List<NumberRange>> e : byAccount.entrySet()) {
            Set<String> assigned = new HashSet<>();
            for (DidNumber d : directory.numbersOf(e.getKey())) {
                for (NumberRange r : e.getValue()) if (r.contains(d.number())) assigned.add(d.number());
            }
            assignedBy.put(e.getKey(), assigned);
            usedBy.put(e.getKey(), used(e.getKey(), assigned, from, to));
        }
        List<RangeUse> out = new ArrayList<>();
        for (NumberRange r : repository.ranges()) {
            if (!byAccount.containsKey(r.accountId())) continue;
            long assigned = assignedBy.get(r.accountId()).stream().filter(r::contains).count();
            long used = usedBy.get(r.accountId()).stream().filter(r::contains).count();
            BigDecimal size = BigDecimal.valueOf(r.size());
            BigDecimal percent = BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100)).divide(size, 2, RoundingMode.HALF_UP);
            boolean under = BigDecimal.valueOf(used).compareTo(options.rangeUseThreshold().multiply(size)) < 0;
            out.add(new RangeUse(r, assigned, used, percent, under));
        }
        return new UseReport(from, to, options.rangeUseThreshold(), out);
    }

    /** The use of the ranges over [{@code from}, {@code to}), flagged under {@code threshold} (a share, 0.8). */
    public record UseReport(Instant from, Instant to, BigDecimal threshold, List<RangeUse> ranges) { }

    public ReportsOptions options() { return options; }

    private Set<String> used(String accountId, Set<String> assigned, Instant from, Instant to) {
        Set<String> used = new HashSet<>();
        if (records == null || assigned.isEmpty()) return used;
        // calls started up to now included
        records.eachByAccount(accountId, from, to.plusMillis(1), e -> {
            CallRecord c = e.call();
            if (c == null || c.disposition() == Disposition.DENIED) return;
            String n = c.direction() == Direction.INBOUND ? c.calleeNormalised() : plan.classify(c.caller()).normalized();
            if (assigned.contains(n)) used.add(n);
        });
        return used;
    }

    public static Map<String, Object> json(NumberRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", r.accountId());
        m.put("first", r.first());
        m.put("last", r.last());
        m.put("size", r.size());
        m.put("createdAt", r.createdAt().toString());
        return m;
    }
}
