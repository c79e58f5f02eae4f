package io.callguard.core.control;

/**
 * Hears {@link CallEvent}s in stream order, on the adapter's event thread: it must not block. A listener that
 * throws is logged by the adapter and does not stop the others.
 */
@FunctionalInterface
public interface CallEventListener {
    void onCallEvent(CallEvent event);
}
