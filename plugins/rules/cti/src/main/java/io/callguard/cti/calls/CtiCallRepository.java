package io.callguard.cti.calls;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The click-to-calls. Live state only: a call lasts minutes and its billing record is the CDR, so the in-memory
 * implementation is the production one (a restart forgets the progress of calls placed before it; GET then answers
 * 404). Thread-safe; {@link #update} is atomic per call.
 */
public interface CtiCallRepository {
    void insert(CtiCall call);

    Optional<CtiCall> get(String id);

    Optional<CtiCall> findByActionId(String actionId);

    /** By the client leg's Uniqueid: the requested ChannelId or the one OriginateResponse reported. */
    Optional<CtiCall> findByUniqueId(String uniqueId);

    /** Applies {@code change} to call {@code id} atomically; returns the result, empty when unknown. */
    Optional<CtiCall> update(String id, UnaryOperator<CtiCall> change);

    /** Forgets calls requested before {@code before} that are FAILED or ENDED; returns how many. */
    int pruneFinished(Instant before);
}
