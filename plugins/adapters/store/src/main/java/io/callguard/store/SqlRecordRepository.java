package io.callguard.store;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The call records' chains in the {@code record_entry}, {@code record_chain_head} and {@code record_checkpoint}
 * tables of the {@link Store}'s database (migrations V6, V7 and V11 under {@code db/vendor}: a call's rating in
 * {@code rated_cents}, {@code tariff_plan}, {@code plan_version}, {@code rate_id}, {@code billed_seconds}, all NULL when
 * unrated). Blocking (JDBC):
 * call from a worker. Thread-safe.
 * <ul>
 *   <li>Append-only: the database itself refuses UPDATE and DELETE on entries and checkpoints (a plpgsql trigger on
 *       PostgreSQL, {@link AppendOnlyTrigger} on H2); only {@link #purge} passes, by its own door.</li>
 *   <li>Two writers of one node: {@link #append} moves the node's head row from {@code seq - 1} to the batch's last
 *       seq with a conditional UPDATE in the batch's transaction; the second writer finds the head moved and gets
 *       {@link IllegalStateException}. (PostgreSQL cannot make {@code (node, seq)} unique across the month
 *       partitions, whose key must be in every unique key.)</li>
 *   <li>PostgreSQL partitions by month of {@code started_at}: the months around the clock's are created on the
 *       first append and whenever an entry falls in a month not seen yet (idempotent; the DEFAULT partition catches
 *       what slips through).</li>
 * </ul>
 */
public final class SqlRecordRepository implements RecordRepository {
    private static final Logger LOG = LoggerFactory.getLogger(SqlRecordRepository.class);
    /** Rows a scan holds in memory at once (PostgreSQL streams them through a cursor). */
    static final int SCAN_FETCH_SIZE = 500;
    static final int MAX_PAGE = 10_000;
    /** H2's "concurrent update" and PostgreSQL's serialization failure: another writer of the node won. */
    private static final Set<String> LOST_RACE = Set.of("90131", "40001", "40P01", "HYT00");

    private static final String COLUMNS = "node, seq, written_at, kind, started_at, unique_id, linked_id, account_id, "
            + "trunk_id, direction, caller, callee_dialled, callee_normalised, category, category_detail, verdict, "
            + "reason, answered_at, ended_at, billable_seconds, disposition, cause, asterisk_node, adopted, gap_to, "
            + "gap_reason, prev_hash, hash, rated_cents, tariff_plan, plan_version, rate_id, billed_seconds";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM record_entry";
    private static final String INSERT = "INSERT INTO record_entry (" + COLUMNS + ") VALUES ("
            + "?, ".repeat(32) + "?)";
    private static final String CHECKPOINT_COLUMNS = "node, seq, head_hash, at, key_id, signature";

    private final Store store;
    private final Clock clock;
    private final Set<YearMonth> partitions = ConcurrentHashMap.newKeySet();
    private volatile Boolean postgres;

    /** @param clock tells the current month, whose neighbours get their partitions ahead (PostgreSQL) */
    public SqlRecordRepository(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SqlRecordRepository(Store store) { this(store, Clock.systemUTC()); }

    /**
     * Creates the partitions of last month, this month and the next two when missing (PostgreSQL; nothing on H2).
     * Idempotent; {@link #append} calls it itself when the month changes, a start may call it to be early.
     */
    public void ensurePartitions() {
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        for (int i = -1; i <= 2; i++) ensurePartition(now.plusMonths(i));
    }

    @Override
    public Optional<RecordEntry> last(String node) {
        return store.withConnection("read the last record of node " + node, c -> {
            Optional<long[]> head = Store.first(Store.select(c, "SELECT last_seq FROM record_chain_head WHERE node = ?",
                    r -> new long[] {r.getLong(1)}, node));
            if (head.isEmpty()) return Optional.empty();
            long seq = head.get()[0];
            Optional<RecordEntry> entry = Store.first(Store.select(c, SELECT + " WHERE node = ? AND seq = ?",
                    SqlRecordRepository::entry, node, seq));
            if (entry.isEmpty()) {
                throw new IllegalStateException("the chain of node " + node + " ends at seq " + seq
                        + " but that entry is not in the store (removed past the guards?)");
            }
            return entry;
        });
    }

    /**
     * @throws IllegalArgumentException the entries are not one node's with consecutive seqs, or a value is longer
     *                                  than its column
     * @throws IllegalStateException    the first seq does not follow the node's last one (another writer won)
     * @throws StoreException           the database failed
     */
    @Override
    public void append(List<RecordEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) return;
        RecordEntry first = entries.get(0);
        RecordEntry last = entries.get(entries.size() - 1);
        for (int i = 1; i < entries.size(); i++) {
            RecordEntry e = entries.get(i);
            if (!e.node().equals(first.node()) || e.seq() != first.seq() + i) {
                throw new IllegalArgumentException("a batch is one node's consecutive entries: entry " + i + " is "
                        + e.node() + "#" + e.seq() + " after " + first.node() + "#" + first.seq());
            }
        }
        if (postgres()) {
            ensurePartitions();
            for (RecordEntry e : entries) ensurePartition(YearMonth.from(partitionTime(e).atZone(ZoneOffset.UTC)));
        }
        String what = "append records " + first.node() + "#" + first.seq() + ".." + last.seq();
        try (Connection c = store.connection()) {
            Store.inTransaction(c, tx -> {
                moveHead(c, first, last);
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (RecordEntry e : entries) {
                        bind(ps, e);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            String state = state(e);
            if (Store.UNIQUE_VIOLATION.equals(state) || LOST_RACE.contains(state)) {
                throw new IllegalStateException(what + ": another writer of node " + first.node() + " got there first ("
                        + e.getMessage() + ")", e);
            }
            if (Store.VALUE_TOO_LONG.equals(state)) {
                throw new IllegalArgumentException(what + ": a value is longer than the database allows", e);
            }
            throw store.failure(what, e);
        }
    }

    /** The head moves from first.seq - 1 to last.seq, or nothing is written: the race's referee. */
    private static void moveHead(Connection c, RecordEntry first, RecordEntry last) throws SQLException {
        if (first.seq() == 1) {
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO record_chain_head (node, last_seq, last_hash) "
                    + "VALUES (?, ?, ?)", first.node(), last.seq(), last.hash())) {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Store.UNIQUE_VIOLATION.equals(state(e))) {
                    throw new IllegalStateException("seq 1 of node " + first.node() + " does not follow its last one: "
                            + "the chain already has entries", e);
                }
                throw e;
            }
            return;
        }
        try (PreparedStatement ps = Store.prepare(c, "UPDATE record_chain_head SET last_seq = ?, last_hash = ? "
                + "WHERE node = ? AND last_seq = ?", last.seq(), last.hash(), first.node(), first.seq() - 1)) {
            if (ps.executeUpdate() == 1) return;
        }
        Optional<Long> now = Store.first(Store.select(c, "SELECT last_seq FROM record_chain_head WHERE node = ?",
                r -> r.getLong(1), first.node()));
        throw new IllegalStateException("seq " + first.seq() + " of node " + first.node() + " does not follow its last one ("
                + now.map(s -> "seq " + s).orElse("an empty chain") + ")");
    }

    @Override
    public RecordPage byAccount(String accountId, Instant from, Instant to, String after, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", got " + limit);
        StringBuilder sql = new StringBuilder(SELECT)
                .append(" WHERE account_id = ? AND kind = 'CALL' AND started_at >= ? AND started_at < ?");
        List<Object> params = new ArrayList<>(List.of(accountId, SqlTimes.param(from), SqlTimes.param(to)));
        if (after != null) {
            Cursor cursor = Cursor.decode(after);
            // the row comparison keeps the order of the index (account_id, started_at, node, seq): pages never skip
            // nor repeat a record, whatever was appended meanwhile
            sql.append(" AND (started_at, node, seq) > (?, ?, ?)");
            params.add(SqlTimes.param(cursor.startedAt()));
            params.add(cursor.node());
            params.add(cursor.seq());
        }
        sql.append(" ORDER BY started_at, node, seq LIMIT ?");
        params.add(limit + 1);
        List<RecordEntry> rows = store.withConnection("read the records of account " + accountId,
                c -> Store.select(c, sql.toString(), SqlRecordRepository::entry, params.toArray()));
        if (rows.size() <= limit) return new RecordPage(rows, null);
        RecordEntry lastOfPage = rows.get(limit - 1);
        return new RecordPage(rows.subList(0, limit), Cursor.of(lastOfPage).encode());
    }

    /**
     * By end, not start (the month partitions do not help): on PostgreSQL through the partial index of the rated rows
     * ({@code record_entry_rated_idx}, V11), on H2 through the account index.
     */
    @Override
    public BigDecimal ratedSince(String accountId, Instant since) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(since, "since");
        BigDecimal sum = store.withConnection("sum the rated calls of account " + accountId + " since " + since,
                c -> Store.select(c, "SELECT COALESCE(SUM(rated_cents), 0) FROM record_entry WHERE account_id = ? "
                        + "AND ended_at >= ? AND rated_cents IS NOT NULL", r -> r.getBigDecimal(1), accountId,
                        SqlTimes.param(since)).get(0));
        return sum.setScale(CallRating.SCALE);
    }

    /**
     * In seq order, {@link #SCAN_FETCH_SIZE} rows at a time: on PostgreSQL a transaction with a fetch size reads
     * through a server-side cursor, so any length of chain passes in constant memory.
     */
    @Override
    public void scan(String node, long fromSeq, Consumer<RecordEntry> each) {
        Objects.requireNonNull(each, "each");
        store.withConnection("scan the records of node " + node, c -> {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = Store.prepare(c, SELECT + " WHERE node = ? AND seq >= ? ORDER BY seq",
                    node, fromSeq)) {
                ps.setFetchSize(SCAN_FETCH_SIZE);
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) each.accept(entry(r));
                }
                c.commit();
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    @Override
    public List<String> nodes() {
        return store.withConnection("list the nodes with records",
                c -> Store.select(c, "SELECT node FROM record_chain_head ORDER BY node", r -> r.getString(1)));
    }

    /** @throws IllegalStateException a checkpoint of that node and seq is already stored */
    @Override
    public void saveCheckpoint(Checkpoint cp) {
        Objects.requireNonNull(cp, "checkpoint");
        try (Connection c = store.connection();
             PreparedStatement ps = Store.prepare(c, "INSERT INTO record_checkpoint (" + CHECKPOINT_COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?)", cp.node(), cp.seq(), cp.headHash(), SqlTimes.param(cp.at()),
                     cp.keyId(), cp.signature())) {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Store.UNIQUE_VIOLATION.equals(state(e))) {
                throw new IllegalStateException("a checkpoint of node " + cp.node() + " at seq " + cp.seq()
                        + " is already stored", e);
            }
            throw store.failure("save checkpoint " + cp.node() + "#" + cp.seq(), e);
        }
    }

    @Override
    public List<Checkpoint> checkpoints(String node, long fromSeq) {
        return store.withConnection("read the checkpoints of node " + node, c -> Store.select(c,
                "SELECT " + CHECKPOINT_COLUMNS + " FROM record_checkpoint WHERE node = ? AND seq >= ? ORDER BY seq",
                r -> new Checkpoint(r.getString(1), r.getLong(2), r.getString(3), SqlTimes.read(r, 4), r.getString(5),
                        r.getString(6)), node, fromSeq));
    }

    /**
     * The only DELETE the guards let through: on PostgreSQL the SECURITY DEFINER function {@code record_purge} (the
     * service role needs EXECUTE on it, no DELETE), on H2 a DELETE in a session whose {@code @CALLGUARD_PURGE} is
     * {@code 'on'} for this statement only. The node's last entry always stays (the head of its chain).
     *
     * @throws IllegalStateException no checkpoint at {@code beforeSeq - 1}, or the purge would remove the last entry
     */
    @Override
    public int purge(String node, long beforeSeq) {
        if (beforeSeq <= 1) return 0;
        String what = "purge the records of node " + node + " before seq " + beforeSeq;
        if (checkpoints(node, beforeSeq - 1).stream().noneMatch(cp -> cp.seq() == beforeSeq - 1)) {
            throw new IllegalStateException(what + ": no checkpoint at seq " + (beforeSeq - 1)
                    + " to anchor what remains");
        }
        long head = last(node).map(RecordEntry::seq).orElse(0L);
        if (beforeSeq > head) {
            throw new IllegalStateException(what + ": the chain ends at seq " + head + ", whose entry must stay");
        }
        int removed = store.withConnection(what, c -> postgres() ? purgePostgres(c, node, beforeSeq)
                : purgeH2(c, node, beforeSeq));
        LOG.info("records of node {} before seq {} purged: {} entries", node, beforeSeq, removed);
        return removed;
    }

    private static int purgePostgres(Connection c, String node, long beforeSeq) throws SQLException {
        try (PreparedStatement ps = Store.prepare(c, "SELECT record_purge(?, ?)", node, beforeSeq);
             ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static int purgeH2(Connection c, String node, long beforeSeq) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            try {
                s.execute("SET " + AppendOnlyTrigger.PURGE_VARIABLE + " = 'on'");
                int removed;
                try (PreparedStatement ps = Store.prepare(c, "DELETE FROM record_entry WHERE node = ? AND seq < ?",
                        node, beforeSeq)) {
                    removed = ps.executeUpdate();
                }
                c.commit();
                return removed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                // the connection goes back to the pool: the door closes behind the purge
                s.execute("SET " + AppendOnlyTrigger.PURGE_VARIABLE + " = NULL");
                c.setAutoCommit(true);
            }
        }
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = store.withConnection("tell the database", c -> c.getMetaData().getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = known;
        }
        return known;
    }

    private void ensurePartition(YearMonth month) {
        if (!postgres() || partitions.contains(month)) return;
        Instant firstDay = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean own = store.withConnection("create the records partition of " + month, c -> {
            try (PreparedStatement ps = Store.prepare(c, "SELECT record_ensure_partition(?)", SqlTimes.param(firstDay));
                 ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        });
        if (!own) LOG.warn("records of {} already sit in the DEFAULT partition: they stay there", month);
        partitions.add(month);
    }

    /** The column PostgreSQL partitions on: a call's start, a gap's from. */
    private static Instant partitionTime(RecordEntry e) { return e.call() != null ? e.call().startedAt() : e.gap().from(); }

    private static void bind(PreparedStatement ps, RecordEntry e) throws SQLException {
        CallRecord r = e.call();
        Gap g = e.gap();
        int i = 0;
        ps.setString(++i, e.node());
        ps.setLong(++i, e.seq());
        ps.setObject(++i, SqlTimes.param(e.writtenAt()));
        ps.setString(++i, e.kind());
        ps.setObject(++i, SqlTimes.param(partitionTime(e)));
        if (r != null) {
            ps.setString(++i, r.uniqueId());
            ps.setString(++i, r.linkedId());
            ps.setString(++i, r.accountId());
            ps.setString(++i, r.trunkId());
            ps.setString(++i, r.direction().name());
            ps.setString(++i, r.caller());
            ps.setString(++i, r.calleeDialled());
            ps.setString(++i, r.calleeNormalised());
            ps.setString(++i, r.category().name());
            ps.setString(++i, r.categoryDetail());
            ps.setString(++i, r.verdict());
            ps.setString(++i, r.reason());
            time(ps, ++i, r.answeredAt());
            time(ps, ++i, r.endedAt());
            ps.setLong(++i, r.billableSeconds());
            ps.setString(++i, r.disposition().name());
            if (r.cause() == null) ps.setNull(++i, Types.INTEGER);
            else ps.setInt(++i, r.cause());
            ps.setString(++i, r.asteriskNode());
            ps.setBoolean(++i, r.adopted());
            time(ps, ++i, null);
            ps.setNull(++i, Types.VARCHAR);
        } else {
            for (int k = 0; k < 12; k++) ps.setNull(++i, Types.VARCHAR);
            time(ps, ++i, null);
            time(ps, ++i, null);
            ps.setNull(++i, Types.BIGINT);
            ps.setNull(++i, Types.VARCHAR);
            ps.setNull(++i, Types.INTEGER);
            ps.setNull(++i, Types.VARCHAR);
            ps.setNull(++i, Types.BOOLEAN);
            time(ps, ++i, g.to());
            ps.setString(++i, g.reason());
        }
        ps.setString(++i, e.prevHash());
        ps.setString(++i, e.hash());
        CallRating rating = r == null ? null : r.rating();
        if (rating != null) {
            ps.setBigDecimal(++i, rating.amountCents());
            ps.setString(++i, rating.planId());
            ps.setInt(++i, rating.planVersion());
            ps.setString(++i, rating.rateId());
            ps.setLong(++i, rating.billedSeconds());
        } else {
            ps.setNull(++i, Types.NUMERIC);
            ps.setNull(++i, Types.VARCHAR);
            ps.setNull(++i, Types.INTEGER);
            ps.setNull(++i, Types.VARCHAR);
            ps.setNull(++i, Types.BIGINT);
        }
    }

    private static void time(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, SqlTimes.param(t));
    }

    private static RecordEntry entry(ResultSet r) throws SQLException {
        String node = r.getString(1);
        long seq = r.getLong(2);
        Instant writtenAt = SqlTimes.read(r, 3);
        String kind = r.getString(4);
        Instant startedAt = SqlTimes.read(r, 5);
        CallRecord call = null;
        Gap gap = null;
        if ("CALL".equals(kind)) {
            int cause = r.getInt(22);
            Integer causeOrNull = r.wasNull() ? null : cause; // right after getInt: wasNull is about the last read
            call = new CallRecord(r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                    Direction.valueOf(r.getString(10)), r.getString(11), r.getString(12), r.getString(13),
                    NumberCategory.valueOf(r.getString(14)), r.getString(15), r.getString(16), r.getString(17),
                    startedAt, SqlTimes.read(r, 18), SqlTimes.read(r, 19), r.getLong(20),
                    Disposition.valueOf(r.getString(21)), causeOrNull, r.getString(23), r.getBoolean(24), rating(r));
        } else {
            gap = new Gap(startedAt, SqlTimes.read(r, 25), r.getString(26));
        }
        return new RecordEntry(node, seq, writtenAt, call, gap, r.getString(27), r.getString(28));
    }

    /** Columns 29..33: the rating, null when rated_cents is (V11 keeps the five all set or all NULL). */
    private static CallRating rating(ResultSet r) throws SQLException {
        BigDecimal cents = r.getBigDecimal(29);
        if (cents == null) return null;
        return new CallRating(r.getString(30), r.getInt(31), r.getString(32), r.getLong(33), cents);
    }

    private static String state(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) return s.getSQLState();
        }
        return null;
    }

    /**
     * Where a page of {@link #byAccount} ended: the last record's (started_at, node, seq), Base64url of
     * {@code millis:seq:node} (opaque to clients; the node last, so that it may hold any character).
     */
    record Cursor(Instant startedAt, String node, long seq) {
        static Cursor of(RecordEntry e) { return new Cursor(e.call().startedAt(), e.node(), e.seq()); }

        String encode() {
            String text = startedAt.toEpochMilli() + ":" + seq + ":" + node;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException not a cursor this repository made */
        static Cursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int a = text.indexOf(':');
                int b = text.indexOf(':', a + 1);
                if (a < 1 || b < a + 2 || b == text.length() - 1) throw new IllegalArgumentException("shape");
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, a))), text.substring(b + 1),
                        Long.parseLong(text.substring(a + 1, b)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor: not a cursor of this API: '" + cursor + "'");
            }
        }
    }
}
