package io.callguard.suspension;

import io.callguard.core.ops.OpsQuery;
import io.callguard.core.ops.OpsSection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operations page's suspensions: every open one, active first (by start), then the scheduled ones (by start),
 * each with its reason code and contract article; the first {@code limit} listed, the counts of both kinds beside.
 * Read from the book in memory (what the decisions read).
 */
final class SuspensionsOpsSection implements OpsSection {
    /** What the page shows of each suspension ({@link SuspensionJson} has them all). */
    private static final List<String> FIELDS = List.of("id", "accountId", "trunkId", "reason", "article", "note",
            "status", "startsAt", "createdBy", "hangUpLiveCalls");

    private final SuspensionBook book;

    SuspensionsOpsSection(SuspensionBook book) { this.book = Objects.requireNonNull(book, "book"); }

    @Override public String name() { return "suspensions"; }

    @Override
    public Object snapshot(OpsQuery query) {
        List<Suspension> open = new ArrayList<>(book.open());
        open.sort(Comparator.comparing((Suspension s) -> s.isScheduledAt(query.now()))
                .thenComparing(Suspension::startsAt).thenComparing(Suspension::id));
        int active = 0;
        int scheduled = 0;
        List<Map<String, Object>> items = new ArrayList<>();
        for (Suspension s : open) {
            SuspensionStatus status = s.status(query.now());
            if (status == SuspensionStatus.ACTIVE) active++;
            else if (status == SuspensionStatus.SCHEDULED) scheduled++;
            else continue;
            if (items.size() >= query.limit()) continue;
            // the fields of the admin API's representation that the page shows, in the page's order
            Map<String, Object> all = SuspensionJson.toMap(s, query.now());
            Map<String, Object> one = new LinkedHashMap<>();
            for (String key : FIELDS) one.put(key, all.get(key));
            items.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active);
        body.put("scheduled", scheduled);
        body.put("items", items);
        return body;
    }
}
