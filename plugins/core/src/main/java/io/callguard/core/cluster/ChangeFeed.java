package io.callguard.core.cluster;

/**
 * The configuration changes between the callguard nodes that share one store. A write path calls {@link #publish}
 * after its store write committed (it has already updated its own node's cache); every other node's listeners of
 * that kind hear {@link ChangeListener#changed} and reload the entry from the store. Kinds are named by the module
 * that owns the data, e.g. {@code directory.account}, {@code suspension}.
 *
 * <p>Delivery is best effort: a notification may be lost (connection to the store dropped). {@link #reloadAll}, run
 * periodically ({@code cluster.reloadInterval}) and after a lost connection, is the safety net.
 */
public interface ChangeFeed {
    /**
     * Tells the other nodes that entry {@code id} of {@code kind} changed in the store. Never throws: a publication
     * that cannot be sent is logged and left to the periodic reload. May block briefly (call it off the event loop).
     */
    void publish(String kind, String id);

    /** {@code listener} hears the other nodes' changes of {@code kind}; the returned handle unsubscribes it. */
    Runnable subscribe(String kind, ChangeListener listener);

    /**
     * Every listener's {@link ChangeListener#reloadAll}, one after another, each failure logged and isolated. Blocking:
     * call it off the event loop.
     */
    void reloadAll();

    /** Whether other nodes may share the store (a feed that sends); false for {@link LocalChangeFeed}. */
    default boolean shared() { return false; }
}
