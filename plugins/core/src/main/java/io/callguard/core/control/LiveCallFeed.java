package io.callguard.core.control;

import java.util.concurrent.CompletionStage;

/**
 * The platform's stream of call events into the call tracker, as rules that reconcile against it see it: whether it
 * is configured and flowing, and a way to have the tracker rebuilt from the platform's own channel list (its
 * listeners then hear {@code onResync}). Implementations never block the caller.
 */
public interface LiveCallFeed {
    /** Whether the platform's call events are read at all (false: hang-ups are never seen). */
    boolean enabled();

    /** Whether they arrive now (logged in and answering); false when disabled. */
    boolean connected();

    /**
     * Asks the platform for its live channels afresh; the call tracker is rebuilt from them and its listeners hear
     * {@code onResync}. Completes once that was applied; fails when the feed is not connected.
     */
    CompletionStage<Void> resync();
}
