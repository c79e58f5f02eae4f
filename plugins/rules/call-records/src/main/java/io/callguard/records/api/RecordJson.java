package io.callguard.records.api;

import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.RecordEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call record as the read APIs show it: one flat object whose keys are also the CSV's columns, in the same order.
 * Times ISO-8601 UTC (milliseconds when there are some), durations in whole seconds, {@code disposition} the CDR's
 * label ({@code NO ANSWER}), {@code callee} the normalised number ({@code calleeDialled} as dialled), absent values
 * null in JSON and empty in CSV. The rating (R3) comes last, so that the columns scripts already read keep their
 * places: {@code amountCents} (euro cents HT as a decimal string with its 4 decimals, {@code "23.7500"}, never a binary
 * floating-point number), {@code planId}, {@code planVersion}, {@code rateId}, {@code billedSeconds}; all null (empty)
 * when the call was not rated.
 */
public final class RecordJson {
    /** The fields, in order: the JSON keys and the CSV header. */
    public static final List<String> FIELDS = List.of("seq", "node", "uniqueId", "linkedId", "accountId", "trunkId",
            "direction", "caller", "callee", "calleeDialled", "category", "categoryDetail", "verdict", "reason",
            "startedAt", "answeredAt", "endedAt", "durationSeconds", "billableSeconds", "disposition", "cause",
            "asteriskNode", "adopted", "writtenAt", "prevHash", "hash", "amountCents", "planId", "planVersion", "rateId",
            "billedSeconds");

    private RecordJson() { }

    /** The record of a CALL entry (gaps are not an account's records). */
    public static Map<String, Object> item(RecordEntry e) {
        CallRecord r = e.call();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("node", e.node());
        m.put("uniqueId", r.uniqueId());
        m.put("linkedId", r.linkedId());
        m.put("accountId", r.accountId());
        m.put("trunkId", r.trunkId());
        m.put("direction", r.direction().name());
        m.put("caller", r.caller());
        m.put("callee", r.calleeNormalised());
        m.put("calleeDialled", r.calleeDialled());
        m.put("category", r.category().name());
        m.put("categoryDetail", r.categoryDetail());
        m.put("verdict", r.verdict());
        m.put("reason", r.reason());
        m.put("startedAt", time(r.startedAt()));
        m.put("answeredAt", time(r.answeredAt()));
        m.put("endedAt", time(r.endedAt()));
        m.put("durationSeconds", r.durationSeconds());
        m.put("billableSeconds", r.billableSeconds());
        m.put("disposition", r.disposition().label());
        m.put("cause", r.cause());
        m.put("asteriskNode", r.asteriskNode());
        m.put("adopted", r.adopted());
        m.put("writtenAt", time(e.writtenAt()));
        m.put("prevHash", e.prevHash());
        m.put("hash", e.hash());
        CallRating rating = r.rating();
        m.put("amountCents", rating == null ? null : rating.amountCents().toPlainString());
        m.put("planId", rating == null ? null : rating.planId());
        m.put("planVersion", rating == null ? null : rating.planVersion());
        m.put("rateId", rating == null ? null : rating.rateId());
        m.put("billedSeconds", rating == null ? null : rating.billedSeconds());
        return m;
    }

    /** The CSV header line (CRLF-terminated, RFC 4180). */
    public static String csvHeader() { return String.join(",", FIELDS) + "\r\n"; }

    /** One CSV line of the record (CRLF-terminated); a field with a comma, quote or line break is quoted. */
    public static String csvLine(RecordEntry e) {
        List<String> cells = new ArrayList<>(FIELDS.size());
        for (Object v : item(e).values()) cells.add(csv(v == null ? "" : v.toString()));
        return String.join(",", cells) + "\r\n";
    }

    private static String csv(String v) {
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static String time(Instant t) { return t == null ? null : t.toString(); }
}
