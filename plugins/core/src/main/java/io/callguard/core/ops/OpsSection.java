package io.callguard.core.ops;

/**
 * One part of the operations summary, offered by a rule module as a service (the call caps' trunks, the
 * suspensions, the SMS queue) or by the app (the refused calls). Read-only: a section never changes anything.
 */
public interface OpsSection {
    /** Its key in the summary, e.g. {@code trunks}: letters only, unique among the sections. */
    String name();

    /**
     * The section now, JSON-shaped plain Java ({@code Map} with its key order, {@code List}, {@code String}, numbers,
     * booleans, null), every list bounded by {@code query.limit()} with its total beside it. May block (a shared state
     * backend's round trip): the HTTP adapter calls it off the event loop.
     */
    Object snapshot(OpsQuery query) throws Exception;
}
