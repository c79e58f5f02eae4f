package io.callguard.http.admin;

/**
 * A ping of the store for {@code /ready} ({@link StoreProbe} calls it on a thread of its own): the app implements it
 * with the store adapter, which this adapter does not depend on.
 */
@FunctionalInterface
public interface StoreHealth {
    /** Whether the store answers now (e.g. {@code SELECT 1}); may block up to the store's connection timeout. */
    boolean isReachable();
}
