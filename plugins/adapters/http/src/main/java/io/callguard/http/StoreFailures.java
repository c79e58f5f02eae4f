package io.callguard.http;

import java.util.Optional;

/**
 * What the store's failures mean to the HTTP APIs, told by the app: it knows the store adapter's exception types,
 * this adapter does not depend on the store. A store that cannot serve is answered 503 (logged, the answer carrying
 * an error id only), a write that hit an existing id 409, a write naming a missing account or trunk 404.
 */
@FunctionalInterface
public interface StoreFailures {
    /** What a store failure is. */
    enum Kind {
        /** The database failed (unreachable, SQL error): 503, its message only in the log. */
        UNAVAILABLE,
        /** An insert hit an existing id: 409 with the failure's message. */
        DUPLICATE,
        /** A write named an account or trunk that does not exist: 404 with the failure's message. */
        UNKNOWN_REFERENCE
    }

    /** No failure is the store's (tests serving routes without a store). */
    StoreFailures NONE = error -> Optional.empty();

    /** The kind of store failure {@code error} itself is (its causes are not looked at), empty when it is none. */
    Optional<Kind> kind(Throwable error);

    /** Whether {@code error} itself is a store failure of {@code kind}. */
    default boolean is(Throwable error, Kind kind) { return kind(error).filter(kind::equals).isPresent(); }
}
