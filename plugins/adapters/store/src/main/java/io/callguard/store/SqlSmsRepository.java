package io.callguard.store;

import io.callguard.cti.sms.DuplicateSmsException;
import io.callguard.cti.sms.SmsEncoding;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsRepository;
import io.callguard.cti.sms.SmsStatus;
import io.callguard.cti.sms.SmsStatusChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accepted CTI SMS in {@code cti_sms} and their status history in {@code cti_sms_history}. Blocking (JDBC): call
 * from a worker. Every state change is {@code UPDATE … WHERE id = ? AND status = 'QUEUED'} with its history row in
 * the same transaction, so an SMS is marked SENT or FAILED once whatever retries or nodes race. Instants are kept to
 * the millisecond ({@link SqlTimes}): give the SMS service a clock that ticks in milliseconds.
 */
public final class SqlSmsRepository implements SmsRepository {
    private static final String COLUMNS = "SELECT id, account_id, key_id, from_number, to_number, body, encoding, "
            + "segments, emergency, idempotency_key, status_callback, accepted_at, status, attempts FROM cti_sms";
    private static final String QUEUED = SmsStatus.QUEUED.name();

    private final Store store;

    public SqlSmsRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * In one transaction: frees the account's Idempotency-Key if an SMS accepted before the cutoff holds it, inserts
     * the SMS and its history.
     *
     * @throws DuplicateSmsException     the key is held by an SMS accepted at or after the cutoff
     * @throws UnknownReferenceException the account does not exist (deleted meanwhile)
     */
    @Override public void insert(SmsMessage sms, Instant idempotencyCutoff) {
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(idempotencyCutoff, "idempotencyCutoff");
        inTransaction("insert SMS " + sms.id(), c -> {
            if (sms.idempotencyKey() != null) {
                try (PreparedStatement ps = Store.prepare(c, "UPDATE cti_sms SET idempotency_key = NULL WHERE account_id = ? "
                                + "AND idempotency_key = ? AND accepted_at < ?", sms.accountId(), sms.idempotencyKey(),
                        SqlTimes.param(idempotencyCutoff))) {
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO cti_sms (id, account_id, key_id, from_number, "
                            + "to_number, body, encoding, segments, emergency, idempotency_key, status_callback, accepted_at, "
                            + "status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sms.id(), sms.accountId(),
                    sms.keyId(), sms.from(), sms.to(), sms.text(), sms.encoding().name(), sms.segments(), sms.emergency(),
                    sms.idempotencyKey(), sms.statusCallback(), SqlTimes.param(sms.acceptedAt()), sms.status().name(),
                    sms.attempts())) {
                ps.executeUpdate();
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (Store.UNIQUE_VIOLATION.equals(state) && sms.idempotencyKey() != null) {
                    throw new DuplicateSmsException(sms.accountId(), sms.idempotencyKey());
                }
                if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                    throw new UnknownReferenceException("account '" + sms.accountId() + "' does not exist");
                }
                throw e;
            }
            int seq = 0;
            for (SmsStatusChange change : sms.history()) insertHistory(c, sms.id(), ++seq, change);
            return null;
        });
    }

    @Override public Optional<SmsMessage> get(String id) {
        return store.withConnection("find SMS " + id, c -> Store.first(load(c, " WHERE id = ?", "", id)));
    }

    @Override public Optional<SmsMessage> findByIdempotencyKey(String accountId, String idempotencyKey, Instant notBefore) {
        return store.withConnection("find the SMS of an Idempotency-Key of account '" + accountId + "'",
                c -> Store.first(load(c, " WHERE account_id = ? AND idempotency_key = ? AND accepted_at >= ?", "",
                        accountId, idempotencyKey, SqlTimes.param(notBefore))));
    }

    @Override public Optional<SmsMessage> recordAttempt(String id) {
        return inTransaction("count an attempt of SMS " + id, c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE cti_sms SET attempts = attempts + 1 WHERE id = ? "
                    + "AND status = ?", id, QUEUED)) {
                if (ps.executeUpdate() != 1) return Optional.<SmsMessage>empty();
            }
            return Store.first(load(c, " WHERE id = ?", "", id));
        });
    }

    @Override public Optional<SmsMessage> markSent(String id, int code, Instant at) {
        return change(id, new SmsStatusChange(SmsStatus.SENT, SqlTimes.stored(at), code, null));
    }

    @Override public Optional<SmsMessage> markFailed(String id, Integer code, String detail, Instant at) {
        return change(id, new SmsStatusChange(SmsStatus.FAILED, SqlTimes.stored(at), code, detail));
    }

    @Override public List<SmsMessage> listUnsent() {
        return store.withConnection("list unsent SMS",
                c -> load(c, " WHERE status = ?", " ORDER BY accepted_at, id", QUEUED));
    }

    /** QUEUED → {@code change.status()} with its history row, or nothing when the SMS is no longer QUEUED. */
    private Optional<SmsMessage> change(String id, SmsStatusChange change) {
        Objects.requireNonNull(change.at(), "at");
        return inTransaction("mark SMS " + id + " " + change.status(), c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE cti_sms SET status = ? WHERE id = ? AND status = ?",
                    change.status().name(), id, QUEUED)) {
                if (ps.executeUpdate() != 1) return Optional.<SmsMessage>empty();
            }
            int last;
            try (PreparedStatement ps = Store.prepare(c, "SELECT COALESCE(MAX(seq), 0) FROM cti_sms_history "
                    + "WHERE sms_id = ?", id); ResultSet rs = ps.executeQuery()) {
                last = rs.next() ? rs.getInt(1) : 0;
            }
            insertHistory(c, id, last + 1, change);
            return Store.first(load(c, " WHERE id = ?", "", id));
        });
    }

    private static void insertHistory(Connection c, String smsId, int seq, SmsStatusChange change) throws SQLException {
        String detail = change.detail();
        if (detail != null && detail.length() > 500) detail = detail.substring(0, 500);
        try (PreparedStatement ps = Store.prepare(c, "INSERT INTO cti_sms_history (sms_id, seq, status, at, code, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", smsId, seq, change.status().name(), SqlTimes.param(change.at()),
                Store.orNull(change.code(), Types.INTEGER), detail)) {
            ps.executeUpdate();
        }
    }

    /** The SMS {@code where} selects, in {@code orderBy} order, with their histories (two queries in all). */
    private static List<SmsMessage> load(Connection c, String where, String orderBy, Object... params)
            throws SQLException {
        List<Object[]> rows = Store.select(c, COLUMNS + where + orderBy, SqlSmsRepository::columns, params);
        if (rows.isEmpty()) return List.of();
        Map<String, List<SmsStatusChange>> histories = new LinkedHashMap<>();
        for (Object[] row : rows) histories.put((String) row[0], new ArrayList<>());
        String historyWhere = rows.size() == 1 ? " WHERE sms_id = ?"
                : " WHERE sms_id IN (SELECT id FROM cti_sms" + where + ")";
        Object[] historyParams = rows.size() == 1 ? new Object[] {rows.get(0)[0]} : params;
        try (PreparedStatement ps = Store.prepare(c, "SELECT sms_id, status, at, code, detail FROM cti_sms_history"
                + historyWhere + " ORDER BY sms_id, seq", historyParams); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<SmsStatusChange> h = histories.get(rs.getString(1));
                if (h == null) continue; // an SMS inserted between the two reads
                int code = rs.getInt(4);
                Integer boxed = rs.wasNull() ? null : code;
                h.add(new SmsStatusChange(SmsStatus.valueOf(rs.getString(2)), SqlTimes.read(rs, 3), boxed,
                        rs.getString(5)));
            }
        }
        List<SmsMessage> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) out.add(message(row, histories.get((String) row[0])));
        return out;
    }

    private static Object[] columns(ResultSet r) throws SQLException {
        return new Object[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getInt(8), r.getBoolean(9), r.getString(10), r.getString(11),
                SqlTimes.read(r, 12), r.getString(13), r.getInt(14)};
    }

    private static SmsMessage message(Object[] r, List<SmsStatusChange> history) throws SQLException {
        try {
            return new SmsMessage((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], SmsEncoding.valueOf((String) r[6]), (Integer) r[7], (Boolean) r[8], (String) r[9],
                    (String) r[10], (Instant) r[11], SmsStatus.valueOf((String) r[12]), (Integer) r[13], history);
        } catch (IllegalArgumentException e) {
            throw new SQLException("SMS row '" + r[0] + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String what, Store.SqlWork<T> work) {
        return store.withConnection(what, c -> Store.inTransaction(c, work));
    }
}
