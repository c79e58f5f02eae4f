package io.callguard.core.cluster;

/**
 * The feed of a single node (H2 store, or no store shared): nothing to send, since the writer already updated its own
 * cache. {@link #deliver} plays another node's publication, for tests of the modules' listeners.
 */
public final class LocalChangeFeed implements ChangeFeed {
    private final ChangeListeners listeners = new ChangeListeners();

    @Override
    public void publish(String kind, String id) {
        ChangeListeners.checkKind(kind);
    }

    @Override public Runnable subscribe(String kind, ChangeListener listener) { return listeners.subscribe(kind, listener); }

    @Override public void reloadAll() { listeners.reloadAll(); }

    /** What another node's {@code publish(kind, id)} does on this node: the listeners of {@code kind} hear it. */
    public void deliver(String kind, String id) { listeners.deliver(kind, id); }

    /**
     * The writing side of nodes sharing one JVM (the modules' two-node tests): each publication is told to
     * {@code published} as {@code "<kind> <id>"}, then delivered to {@code other} when {@code delivering} says so (a
     * notification lost on the way when it does not).
     */
    public static ChangeFeed relayingTo(LocalChangeFeed other, java.util.function.Consumer<String> published,
                                        java.util.function.BooleanSupplier delivering) {
        return new ChangeFeed() {
            @Override
            public void publish(String kind, String id) {
                ChangeListeners.checkKind(kind);
                published.accept(kind + " " + id);
                if (delivering.getAsBoolean()) other.deliver(kind, id);
            }

            @Override public Runnable subscribe(String kind, ChangeListener listener) { return () -> { }; }

            @Override public void reloadAll() { }
        };
    }

    /** {@link #relayingTo(LocalChangeFeed, java.util.function.Consumer, java.util.function.BooleanSupplier)}, always delivering. */
    public static ChangeFeed relayingTo(LocalChangeFeed other, java.util.function.Consumer<String> published) {
        return relayingTo(other, published, () -> true);
    }
}
