package io.callguard.core.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store's side of the call records: append-only entries and checkpoints. Every method blocks (JDBC): call it
 * off the event loop. Implementations refuse changes to stored entries (no update, no delete but {@link #purge}),
 * and {@link #append} refuses an entry whose seq does not follow the node's last one.
 */
public interface RecordRepository {
    /** The node's last entry, empty when its chain is empty. */
    Optional<RecordEntry> last(String node);

    /**
     * Stores {@code entries} (one node's, consecutive seqs following its last entry) in one transaction: all or
     * none.
     *
     * @throws IllegalStateException when the first seq does not follow the node's last one (another writer, or a
     *                               lost batch): the caller must not retry blindly
     */
    void append(List<RecordEntry> entries);

    /**
     * One page of an account's call records whose start is in [{@code from}, {@code to}), oldest first; gaps are
     * not included.
     *
     * @param after the cursor of the previous page ({@link RecordPage#next()}), null for the first
     * @param limit at most this many (1..10,000)
     */
    RecordPage byAccount(String accountId, Instant from, Instant to, String after, int limit);

    /** Pages of {@link #eachByAccount}: the largest {@link #byAccount} serves. */
    int SCAN_PAGE = 10_000;

    /**
     * Every call record of the account whose start is in [{@code from}, {@code to}), oldest first, read
     * {@link #SCAN_PAGE} at a time through {@link #byAccount}: a busy account's month is millions of records, never
     * held at once. Blocking (reads the store).
     */
    default void eachByAccount(String accountId, Instant from, Instant to, Consumer<RecordEntry> each) {
        String after = null;
        do {
            RecordPage page = byAccount(accountId, from, to, after, SCAN_PAGE);
            page.items().forEach(each);
            after = page.next();
        } while (after != null);
    }

    /**
     * The sum of the rated amounts ({@link io.callguard.core.rating.CallRating#amountCents}, euro cents HT) of the
     * account's call records, of every node, that ended at or after {@code since}: the calls rated since the billing
     * system's last unpaid amount (R3's outstanding amount, read once at start; later calls come one by one as they
     * are rated). Unrated records count 0; zero (scale 4) when there is none.
     */
    BigDecimal ratedSince(String accountId, Instant since);

    /** Streams the node's entries with seq ≥ {@code fromSeq} in seq order (any number, constant memory). */
    void scan(String node, long fromSeq, Consumer<RecordEntry> each);

    /** The nodes that have a chain. */
    List<String> nodes();

    void saveCheckpoint(Checkpoint checkpoint);

    /** The node's checkpoints with seq ≥ {@code fromSeq}, oldest first. */
    List<Checkpoint> checkpoints(String node, long fromSeq);

    /**
     * Removes the node's entries with seq < {@code beforeSeq} (retention); the checkpoint at {@code beforeSeq - 1}
     * must already be stored: it anchors what remains. Returns how many entries went.
     */
    int purge(String node, long beforeSeq);

    /** A page of records and the cursor of the next one (null when this is the last). */
    record RecordPage(List<RecordEntry> items, String next) {
        public RecordPage {
            items = List.copyOf(items);
        }
    }
}
