package io.callguard.cti.sms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of accepted SMS and their history. Calls may block (JDBC): the service and the dispatcher call it off the
 * event loop. Every state change is conditional on the SMS still being QUEUED, so an SMS is marked SENT or FAILED
 * once, whatever retries or nodes race.
 */
public interface SmsRepository {
    /**
     * Stores a new QUEUED SMS with its first history entry. Durable when it returns: the 202 is sent after.
     *
     * @param idempotencyCutoff an Idempotency-Key held by an SMS of the same account accepted before this instant is
     *                          expired: the new SMS takes it over
     * @throws DuplicateSmsException when the SMS carries an Idempotency-Key the account used at or after the cutoff
     */
    void insert(SmsMessage sms, Instant idempotencyCutoff);

    Optional<SmsMessage> get(String id);

    /** The SMS of {@code accountId} holding {@code idempotencyKey}, accepted at or after {@code notBefore}. */
    Optional<SmsMessage> findByIdempotencyKey(String accountId, String idempotencyKey, Instant notBefore);

    /** Counts one more attempt of a QUEUED SMS; returns the SMS after it, or empty when no longer QUEUED. */
    Optional<SmsMessage> recordAttempt(String id);

    /**
     * QUEUED → SENT with the gateway's code; appends to the history.
     *
     * @return the updated SMS, or empty when it was not QUEUED (already sent or failed: nothing changes)
     */
    Optional<SmsMessage> markSent(String id, int code, Instant at);

    /** QUEUED → FAILED with the code (null for a timeout) and a short reason; empty when it was not QUEUED. */
    Optional<SmsMessage> markFailed(String id, Integer code, String detail, Instant at);

    /** Every QUEUED SMS, oldest accepted first: sent again after a restart. */
    List<SmsMessage> listUnsent();
}
