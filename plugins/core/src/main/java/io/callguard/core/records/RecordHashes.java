package io.callguard.core.records;

import io.callguard.core.rating.CallRating;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical form of a chain entry and its SHA-256: one {@code name=value} line per field, in a fixed order,
 * versioned, values escaped ({@code \} as {@code \\}, line feed as {@code \n}, carriage return as
 * {@code \r}), times as ISO-8601 UTC with milliseconds at most, absent values as the empty string. Writers and
 * verifiers on every node and every version must agree on it byte for byte: change it only with a new version line.
 * <ul>
 *   <li>{@code v1}: a gap, or a call without a rating: exactly the form of the records written before rating existed,
 *       so that their hashes and the signed checkpoints over them still verify;</li>
 *   <li>{@code v2}: a rated call: the {@code v1} lines, then the rating's ({@code ratingPlanId},
 *       {@code ratingPlanVersion}, {@code ratingRateId}, {@code ratingBilledSeconds}, {@code ratingAmountCents} as a
 *       plain decimal with its 4 decimals).</li>
 * </ul>
 */
public final class RecordHashes {
    /** The {@code prevHash} of a chain's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private RecordHashes() { }

    private static final HexFormat HEX = HexFormat.of();
    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} looks the provider up on every call, which cost
     * as much as the digest of a record itself (the writer hashes every call, the verifier every stored entry).
     * {@code digest()} resets it, so a digest that threw half-way is never reused in a dirty state.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sha256Hex(bytes, bytes.length);
    }

    /** Lower-case hex SHA-256 of the first {@code n} bytes, with this thread's digest. */
    private static String sha256Hex(byte[] bytes, int n) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(bytes, 0, n);
        return HEX.formatHex(digest.digest());
    }

    /** The canonical text of an entry (see the class comment). */
    public static String canonical(String node, long seq, Instant writtenAt, CallRecord call, Gap gap, String prevHash) {
        return appendCanonical(new StringBuilder(1024), node, seq, writtenAt, call, gap, prevHash).toString();
    }

    /**
     * {@code hash(canonical(...))} without its garbage: the text is built in this thread's scratch builder and, when it
     * is ASCII (numbers, ids, times: nearly always), its bytes go to the digest from this thread's scratch array,
     * with no String nor byte array per entry (they were a fifth of the bytes the records' writer allocated per call).
     * Any other text takes the plain path, so both agree byte for byte by construction.
     */
    public static String hashOf(String node, long seq, Instant writtenAt, CallRecord call, Gap gap, String prevHash) {
        Scratch scratch = SCRATCH.get();
        StringBuilder b = appendCanonical(scratch.text(), node, seq, writtenAt, call, gap, prevHash);
        int n = b.length();
        byte[] bytes = scratch.bytes(n);
        for (int i = 0; i < n; i++) {
            char c = b.charAt(i);
            if (c >= 0x80) return hash(b.toString());
            bytes[i] = (byte) c;
        }
        return sha256Hex(bytes, n);
    }

    /** One thread's reusable builder and byte array for {@link #hashOf}; an unusually long entry's are not kept. */
    private static final class Scratch {
        private static final int KEEP = 8192;
        private StringBuilder text = new StringBuilder(1024);
        private byte[] bytes = new byte[1024];

        StringBuilder text() {
            if (text.capacity() > KEEP) text = new StringBuilder(1024);
            text.setLength(0);
            return text;
        }

        byte[] bytes(int n) {
            if (n > KEEP) return new byte[n];
            if (bytes.length < n) bytes = new byte[KEEP];
            return bytes;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static StringBuilder appendCanonical(StringBuilder b, String node, long seq, Instant writtenAt, CallRecord call,
                                                 Gap gap, String prevHash) {
        boolean rated = call != null && call.rating() != null;
        b.append(rated ? "callguard-record|v2\n" : "callguard-record|v1\n");
        line(b, "node", node);
        line(b, "seq", Long.toString(seq));
        timeLine(b, "writtenAt", writtenAt);
        line(b, "prevHash", prevHash);
        if (call != null) {
            line(b, "kind", "CALL");
            line(b, "uniqueId", call.uniqueId());
            line(b, "linkedId", call.linkedId());
            line(b, "accountId", call.accountId());
            line(b, "trunkId", call.trunkId());
            line(b, "direction", call.direction().name());
            line(b, "caller", call.caller());
            line(b, "calleeDialled", call.calleeDialled());
            line(b, "calleeNormalised", call.calleeNormalised());
            line(b, "category", call.category().name());
            line(b, "categoryDetail", call.categoryDetail());
            line(b, "verdict", call.verdict());
            line(b, "reason", call.reason());
            timeLine(b, "startedAt", call.startedAt());
            timeLine(b, "answeredAt", call.answeredAt());
            timeLine(b, "endedAt", call.endedAt());
            line(b, "billableSeconds", Long.toString(call.billableSeconds()));
            line(b, "disposition", call.disposition().name());
            line(b, "cause", call.cause() == null ? "" : call.cause().toString());
            line(b, "asteriskNode", call.asteriskNode());
            line(b, "adopted", Boolean.toString(call.adopted()));
            if (rated) rating(b, call.rating());
        } else {
            line(b, "kind", "GAP");
            timeLine(b, "from", gap.from());
            timeLine(b, "to", gap.to());
            line(b, "reason", gap.reason());
        }
        return b;
    }

    /** The v2 lines: what the call cost and what that was computed from (an edited amount breaks the hash). */
    private static void rating(StringBuilder b, CallRating r) {
        line(b, "ratingPlanId", r.planId());
        line(b, "ratingPlanVersion", Integer.toString(r.planVersion()));
        line(b, "ratingRateId", r.rateId());
        line(b, "ratingBilledSeconds", Long.toString(r.billedSeconds()));
        // CallRating keeps its scale at 4: 23.7500, never 23.75 nor 2.375E+1, whatever the rater computed
        line(b, "ratingAmountCents", r.amountCents().toPlainString());
    }

    /** {@code name=} the instant to the millisecond as {@link Instant#toString} writes it (empty when null). */
    private static void timeLine(StringBuilder b, String name, Instant t) {
        b.append(name).append('=');
        if (t != null) appendTime(b, t);
        b.append('\n');
    }

    /** Seconds of 9999-12-31T23:59:59Z: beyond, {@link Instant#toString} writes a sign and more digits. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * Appends {@code t} truncated to the millisecond exactly as {@code t.truncatedTo(MILLIS).toString()} writes it
     * ({@code 2026-12-06T10:00:00Z}, {@code 2026-12-06T10:00:00.123Z}: seconds always, the milliseconds when not zero),
     * without its formatter's allocations (they were a tenth of the writer's garbage). Instants before 1970 or after
     * 9999 take {@code toString} itself.
     */
    static void appendTime(StringBuilder b, Instant t) {
        long secs = t.getEpochSecond();
        if (secs < 0 || secs > LAST_FOUR_DIGIT_SECOND) {
            b.append(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            return;
        }
        long days = secs / 86_400;
        int secOfDay = (int) (secs % 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse, proleptic Gregorian)
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        digits(b, year, 4).append('-');
        digits(b, month, 2).append('-');
        digits(b, day, 2).append('T');
        digits(b, secOfDay / 3600, 2).append(':');
        digits(b, secOfDay / 60 % 60, 2).append(':');
        digits(b, secOfDay % 60, 2);
        int millis = t.getNano() / 1_000_000;
        if (millis != 0) digits(b.append('.'), millis, 3);
        b.append('Z');
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int div = width == 4 ? 1000 : width == 3 ? 100 : 10; div > 0; div /= 10) b.append((char) ('0' + value / div % 10));
        return b;
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(name).append('=');
        String v = value == null ? "" : value;
        int first = firstToEscape(v);
        if (first < 0) {
            // the usual case (numbers, ids, times): the value as it is, in one copy rather than char by char
            b.append(v).append('\n');
            return;
        }
        b.append(v, 0, first);
        for (int i = first; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        b.append('\n');
    }

    /** The index of the first character {@link #line} escapes, -1 when none. */
    private static int firstToEscape(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r') return i;
        }
        return -1;
    }
}
