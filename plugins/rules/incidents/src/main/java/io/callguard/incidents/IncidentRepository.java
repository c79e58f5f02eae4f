package io.callguard.incidents;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the incident tickets are kept: the store's {@code incident} table in production (it blocks: call it off the
 * event loop), in memory in tests. Deleting an account deletes its tickets.
 */
public interface IncidentRepository {
    /** Stores a new ticket; an implementation backed by the store throws when the account does not exist. */
    void insert(Incident incident);

    /** Replaces the editable fields of the ticket of that id; false when there is none. */
    boolean update(Incident incident);

    Optional<Incident> find(String id);

    boolean delete(String id);

    /** The account's tickets, by opening time then id. */
    List<Incident> byAccount(String accountId);

    /**
     * The tickets restored in {@code [from, to)} and those still open that were opened before {@code to}, of one
     * account or (when {@code accountId} is null) of every account; by account, then opening time, then id.
     */
    List<Incident> restoredWithin(String accountId, Instant from, Instant to);
}
