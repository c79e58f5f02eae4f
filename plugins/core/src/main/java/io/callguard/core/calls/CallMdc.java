package io.callguard.core.calls;

import org.slf4j.MDC;

/**
 * The call a thread is working on, in the logging MDC: {@value #UNIQUE_ID} (Asterisk's uniqueid) and
 * {@value #ACCOUNT_ID}, so that every line logged about a call carries them (as JSON fields with
 * {@code logging.format: json}). Event-loop threads serve many calls in turn: whoever sets them restores what was
 * there before, in a {@code finally}, so nothing leaks to the next call on the thread:
 * <pre>{@code
 * String u = CallMdc.uniqueId(), a = CallMdc.accountId();
 * CallMdc.set(uniqueId, accountId);
 * try { ... } finally { CallMdc.restore(u, a); }
 * }</pre>
 * Only MDC puts, gets and removes: nothing allocated on the decision path.
 */
public final class CallMdc {
    /** The MDC key of the call's Asterisk uniqueid. */
    public static final String UNIQUE_ID = "uniqueId";
    /** The MDC key of the call's account. */
    public static final String ACCOUNT_ID = "accountId";

    private CallMdc() { }

    /** The uniqueid in this thread's MDC, null when none. */
    public static String uniqueId() { return MDC.get(UNIQUE_ID); }

    /** The account in this thread's MDC, null when none. */
    public static String accountId() { return MDC.get(ACCOUNT_ID); }

    /** Sets the call; a null or empty value removes its key (no account known yet). */
    public static void set(String uniqueId, String accountId) {
        put(UNIQUE_ID, uniqueId);
        put(ACCOUNT_ID, accountId);
    }

    /** Puts back what {@link #uniqueId()} and {@link #accountId()} said before a {@link #set}. */
    public static void restore(String uniqueId, String accountId) { set(uniqueId, accountId); }

    private static void put(String key, String value) {
        if (value == null || value.isEmpty()) MDC.remove(key);
        else MDC.put(key, value);
    }
}
