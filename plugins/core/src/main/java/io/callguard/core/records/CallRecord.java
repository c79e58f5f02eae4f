package io.callguard.core.records;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One call that Asterisk carried on a client's line, as it is kept for billing and proof (CGV 9.2): built when the
 * call ends, never changed afterwards. Text fields are never null (empty when unknown); times are UTC instants
 * (milliseconds kept, the canonical form writes them as ISO-8601).
 *
 * @param uniqueId          Asterisk's Uniqueid of the client's leg (the caller's leg for outbound calls, the
 *                          leg that reached the client's number for inbound ones)
 * @param linkedId          Asterisk's Linkedid (the call's first channel)
 * @param accountId         the client's account, empty when no account could be told (an unknown trunk)
 * @param trunkId           the client's trunk (the PJSIP endpoint), empty when none
 * @param direction         seen from the client
 * @param caller            the calling number as Asterisk gave it
 * @param calleeDialled     the called number exactly as dialled
 * @param calleeNormalised  its national or international normal form ({@code 0612345678}, {@code +4420…})
 * @param category          the callee's class in the French numbering plan
 * @param categoryDetail    the 08 surcharge tier ({@code 081}/{@code 082}/{@code 089}…) or the international
 *                          country prefix ({@code +44}); empty otherwise
 * @param verdict           callguard's verdict ({@code ALLOW}, {@code DENY}), empty when no decision was asked
 *                          (inbound calls, a call adopted after a restart)
 * @param reason            the verdict's reason code, empty when none
 * @param startedAt         the channel's creation
 * @param answeredAt        the answer, null when never answered
 * @param endedAt           the hang-up
 * @param billableSeconds   answer → end in whole seconds (rounded down), 0 when not answered
 * @param disposition       how it ended
 * @param cause             the Q.850 hang-up cause, null when unknown
 * @param asteriskNode      the Asterisk server that carried it (its AMI host name or configured name)
 * @param adopted           the call was already up when callguard (re)connected: its start is Asterisk's
 *                          CoreShowChannel duration, its decision unknown
 * @param rating            the call's price (R3) as the rater gave it when the call ended, inside the record and so
 *                          inside its hash; null when the call was not rated (no rater, an inbound or unanswered
 *                          call, an account without a tariff plan, a record written before rating existed)
 */
public record CallRecord(String uniqueId, String linkedId, String accountId, String trunkId, Direction direction,
                         String caller, String calleeDialled, String calleeNormalised, NumberCategory category,
                         String categoryDetail, String verdict, String reason, Instant startedAt, Instant answeredAt,
                         Instant endedAt, long billableSeconds, Disposition disposition, Integer cause,
                         String asteriskNode, boolean adopted, CallRating rating) {
    public CallRecord {
        if (uniqueId == null || uniqueId.isBlank()) throw new IllegalArgumentException("uniqueId is required");
        linkedId = nz(linkedId).isEmpty() ? uniqueId : linkedId;
        accountId = nz(accountId);
        trunkId = nz(trunkId);
        Objects.requireNonNull(direction, "direction");
        caller = nz(caller);
        calleeDialled = nz(calleeDialled);
        calleeNormalised = nz(calleeNormalised);
        Objects.requireNonNull(category, "category");
        categoryDetail = nz(categoryDetail);
        verdict = nz(verdict);
        reason = nz(reason);
        // milliseconds: what every store keeps, so that the canonical form survives a round trip
        startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
        endedAt = Objects.requireNonNull(endedAt, "endedAt").truncatedTo(ChronoUnit.MILLIS);
        answeredAt = answeredAt == null ? null : answeredAt.truncatedTo(ChronoUnit.MILLIS);
        if (endedAt.isBefore(startedAt)) throw new IllegalArgumentException("endedAt " + endedAt + " is before startedAt " + startedAt);
        if (answeredAt != null && (answeredAt.isBefore(startedAt) || answeredAt.isAfter(endedAt))) {
            throw new IllegalArgumentException("answeredAt " + answeredAt + " is outside " + startedAt + " .. " + endedAt);
        }
        if (billableSeconds < 0) throw new IllegalArgumentException("billableSeconds is negative: " + billableSeconds);
        if (answeredAt == null && billableSeconds != 0) throw new IllegalArgumentException("an unanswered call bills 0 s");
        Objects.requireNonNull(disposition, "disposition");
        asteriskNode = nz(asteriskNode);
    }

    /** An unrated record (the builder's, and every record written before rating existed). */
    public CallRecord(String uniqueId, String linkedId, String accountId, String trunkId, Direction direction,
                      String caller, String calleeDialled, String calleeNormalised, NumberCategory category,
                      String categoryDetail, String verdict, String reason, Instant startedAt, Instant answeredAt,
                      Instant endedAt, long billableSeconds, Disposition disposition, Integer cause,
                      String asteriskNode, boolean adopted) {
        this(uniqueId, linkedId, accountId, trunkId, direction, caller, calleeDialled, calleeNormalised, category,
                categoryDetail, verdict, reason, startedAt, answeredAt, endedAt, billableSeconds, disposition, cause,
                asteriskNode, adopted, null);
    }

    /** This record with {@code rating} (null: unrated); every other field as it is. */
    public CallRecord withRating(CallRating rating) {
        return new CallRecord(uniqueId, linkedId, accountId, trunkId, direction, caller, calleeDialled,
                calleeNormalised, category, categoryDetail, verdict, reason, startedAt, answeredAt, endedAt,
                billableSeconds, disposition, cause, asteriskNode, adopted, rating);
    }

    /** Start → end in whole seconds (rounded down). */
    public long durationSeconds() { return Duration.between(startedAt, endedAt).getSeconds(); }

    /** Answer → end in whole seconds (rounded down), 0 when {@code answeredAt} is null: the usual billableSeconds. */
    public static long billable(Instant answeredAt, Instant endedAt) {
        return answeredAt == null ? 0 : Math.max(0, Duration.between(answeredAt, endedAt).getSeconds());
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
