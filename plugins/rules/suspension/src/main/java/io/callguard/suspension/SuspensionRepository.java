package io.callguard.suspension;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where suspensions persist (the store implements it in SQL). Blocking: call from a worker thread, never from an
 * event loop or the decision path (which reads the {@link SuspensionBook}). Suspensions are never deleted; an ended
 * one stays as history.
 */
public interface SuspensionRepository {
    /**
     * Stores a new suspension.
     *
     * @throws IllegalStateException when its id is already stored
     */
    void insert(Suspension suspension);

    /**
     * Ends an open suspension, atomically: sets endedAt/endedBy/endedHow only if it is not ended yet (a conditional
     * update, so that two concurrent lifts cannot both succeed).
     *
     * @return true if it was open and is now ended; false if it is unknown or was already ended
     */
    boolean end(String id, EndKind how, String by, Instant at);

    /** Every suspension of the account, ended ones included, oldest first (createdAt, then id). */
    List<Suspension> listByAccount(String accountId);

    /** Every suspension not ended (scheduled or active), of every account, oldest first: loaded at start. */
    List<Suspension> listOpen();

    Optional<Suspension> find(String id);
}
