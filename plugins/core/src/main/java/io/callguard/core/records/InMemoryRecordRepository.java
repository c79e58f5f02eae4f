package io.callguard.core.records;

import io.callguard.core.rating.CallRating;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link RecordRepository} in memory, with the store's rules (append only after the node's last seq, all or none; no
 * update, no delete but {@link #purge} behind a checkpoint): for tests of the writer, the verifier and the routes,
 * and for a node run without a database. The {@code asSuperuser} methods do what a database superuser could do past
 * the store's guards, so that tests can show the verifier catches it. Thread-safe.
 */
public final class InMemoryRecordRepository implements RecordRepository {
    private static final Comparator<RecordEntry> BY_START = Comparator
            .comparing((RecordEntry e) -> e.call().startedAt()).thenComparing(RecordEntry::node)
            .thenComparingLong(RecordEntry::seq);

    private final Map<String, NavigableMap<Long, RecordEntry>> chains = new ConcurrentHashMap<>();
    private final Map<String, List<Checkpoint>> checkpoints = new ConcurrentHashMap<>();
    /** When set, every call fails with it (a store that is down). */
    private volatile RuntimeException failure;

    private NavigableMap<Long, RecordEntry> chain(String node) {
        return chains.computeIfAbsent(node, n -> new ConcurrentSkipListMap<>());
    }

    /** From now on every method throws {@code failure} (null: the store is back). */
    public void failWith(RuntimeException failure) { this.failure = failure; }

    private void check() {
        RuntimeException f = failure;
        if (f != null) throw f;
    }

    @Override
    public Optional<RecordEntry> last(String node) {
        check();
        NavigableMap<Long, RecordEntry> c = chains.get(node);
        return c == null || c.isEmpty() ? Optional.empty() : Optional.of(c.lastEntry().getValue());
    }

    @Override
    public synchronized void append(List<RecordEntry> entries) {
        check();
        if (entries.isEmpty()) return;
        String node = entries.get(0).node();
        NavigableMap<Long, RecordEntry> c = chain(node);
        long expected = c.isEmpty() ? 1 : c.lastKey() + 1;
        for (RecordEntry e : entries) {
            if (!e.node().equals(node)) throw new IllegalArgumentException("one node per append: " + node + " and " + e.node());
            if (e.seq() != expected) {
                throw new IllegalStateException("node " + node + ": seq " + e.seq() + " does not follow " + (expected - 1));
            }
            expected++;
        }
        for (RecordEntry e : entries) c.put(e.seq(), e);
    }

    @Override
    public RecordPage byAccount(String accountId, Instant from, Instant to, String after, int limit) {
        check();
        if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
        RecordEntry cursor = after == null ? null : decode(after);
        List<RecordEntry> all = new ArrayList<>();
        for (NavigableMap<Long, RecordEntry> c : chains.values()) {
            for (RecordEntry e : c.values()) {
                if (e.call() == null || !e.call().accountId().equals(accountId)) continue;
                Instant start = e.call().startedAt();
                if (start.isBefore(from) || !start.isBefore(to)) continue;
                if (cursor != null && BY_START.compare(e, cursor) <= 0) continue;
                all.add(e);
            }
        }
        all.sort(BY_START);
        if (all.size() <= limit) return new RecordPage(all, null);
        List<RecordEntry> page = all.subList(0, limit);
        return new RecordPage(page, encode(page.get(limit - 1)));
    }

    @Override
    public BigDecimal ratedSince(String accountId, Instant since) {
        check();
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(since, "since");
        BigDecimal sum = BigDecimal.ZERO.setScale(CallRating.SCALE);
        for (NavigableMap<Long, RecordEntry> c : chains.values()) {
            for (RecordEntry e : c.values()) {
                CallRecord r = e.call();
                if (r == null || r.rating() == null || !r.accountId().equals(accountId) || r.endedAt().isBefore(since)) continue;
                sum = sum.add(r.rating().amountCents());
            }
        }
        return sum;
    }

    /** The cursor: where the last item of a page sorts (start, node, seq), opaque to callers. */
    private static String encode(RecordEntry e) {
        String text = e.call().startedAt().toEpochMilli() + "|" + e.seq() + "|" + e.node();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private RecordEntry decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 3);
            Instant start = Instant.ofEpochMilli(Long.parseLong(p[0]));
            long seq = Long.parseLong(p[1]);
            // a stand-in entry that sorts where the cursor's entry did
            CallRecord probe = new CallRecord("cursor", "", "", "", io.callguard.core.policy.Direction.OUTBOUND, "", "",
                    "", io.callguard.core.numbering.NumberCategory.OTHER, "", "", "", start, null, start, 0,
                    Disposition.FAILED, null, "", false);
            return new RecordEntry(p[2], seq, start, probe, null, "", "");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cursor '" + cursor + "'");
        }
    }

    @Override
    public void scan(String node, long fromSeq, Consumer<RecordEntry> each) {
        check();
        NavigableMap<Long, RecordEntry> c = chains.get(node);
        if (c == null) return;
        for (RecordEntry e : c.tailMap(fromSeq, true).values()) each.accept(e);
    }

    @Override
    public List<String> nodes() {
        check();
        return chains.entrySet().stream().filter(e -> !e.getValue().isEmpty() || checkpoints.containsKey(e.getKey()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public void saveCheckpoint(Checkpoint checkpoint) {
        check();
        Objects.requireNonNull(checkpoint, "checkpoint");
        checkpoints.computeIfAbsent(checkpoint.node(), n -> new CopyOnWriteArrayList<>()).add(checkpoint);
    }

    @Override
    public List<Checkpoint> checkpoints(String node, long fromSeq) {
        check();
        return checkpoints.getOrDefault(node, List.of()).stream().filter(c -> c.seq() >= fromSeq)
                .sorted(Comparator.comparingLong(Checkpoint::seq).thenComparing(Checkpoint::at)).toList();
    }

    @Override
    public synchronized int purge(String node, long beforeSeq) {
        check();
        if (beforeSeq <= 1) return 0;
        boolean anchored = checkpoints.getOrDefault(node, List.of()).stream().anyMatch(c -> c.seq() == beforeSeq - 1);
        if (!anchored) {
            throw new IllegalStateException("node " + node + ": no checkpoint at seq " + (beforeSeq - 1) + " to anchor the purge");
        }
        NavigableMap<Long, RecordEntry> c = chain(node);
        // the last entry always stays: the chain's numbering and hash continue from it
        if (!c.isEmpty() && beforeSeq > c.lastKey()) {
            throw new IllegalArgumentException("node " + node + ": a purge keeps the last entry (" + c.lastKey()
                    + "), got beforeSeq " + beforeSeq);
        }
        NavigableMap<Long, RecordEntry> head = c.headMap(beforeSeq, false);
        int n = head.size();
        head.clear();
        return n;
    }

    // --- what a database superuser could do past the store's guards (tests of the verifier) ---

    /** Replaces the stored entry {@code seq} of {@code node} by {@code edit}'s result, hash left as it was. */
    public void replaceAsSuperuser(String node, long seq, UnaryOperator<RecordEntry> edit) {
        NavigableMap<Long, RecordEntry> c = chain(node);
        RecordEntry e = c.get(seq);
        if (e == null) throw new IllegalArgumentException("node " + node + " has no entry " + seq);
        c.put(seq, edit.apply(e));
    }

    /** Deletes the node's last {@code count} entries. */
    public void deleteTailAsSuperuser(String node, int count) {
        NavigableMap<Long, RecordEntry> c = chain(node);
        for (int i = 0; i < count && !c.isEmpty(); i++) c.pollLastEntry();
    }

    /** Deletes the node's entry {@code seq}. */
    public void deleteAsSuperuser(String node, long seq) { chain(node).remove(seq); }
}
