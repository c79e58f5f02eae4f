package io.callguard.core.ids;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Ids of what the admin API creates (suspensions, incident tickets): 18 characters of Crockford base 32, a millisecond (10 characters) then 40 random bits
 * (8 characters), so that ids sort by creation, are unique across restarts and nodes, and read well in a URL.
 * Within one process they are strictly increasing: a second id in the same millisecond (or after the clock went
 * back) reuses the previous millisecond and increments the random part, so two created in the same millisecond still
 * list in creation order. One sequence for every kind of id in the process.
 */
public final class SortableIds {
    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = DIGITS.toCharArray();
    private static final long RANDOM_MASK = (1L << 40) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static long lastRandom;

    private SortableIds() { }

    /** The next id, at {@code at} (the caller's clock). */
    public static synchronized String next(Instant at) {
        long millis = Math.max(0, at.toEpochMilli());
        long random;
        if (millis <= lastMillis) {
            millis = lastMillis;
            random = (lastRandom + 1) & RANDOM_MASK;
            if (random == 0) millis++; // 2^40 ids in one millisecond: borrow the next one
        } else {
            // Leave headroom below the mask so that increments within the millisecond never wrap in practice.
            random = RANDOM.nextLong() & (RANDOM_MASK >>> 1);
        }
        lastMillis = millis;
        lastRandom = random;
        char[] out = new char[18];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (random & 31)];
            random >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code text} has the shape of an id (so that a path's garbage is a 404 without a store query). */
    public static boolean valid(String text) {
        if (text == null || text.length() != 18) return false;
        for (int i = 0; i < text.length(); i++) {
            if (DIGITS.indexOf(text.charAt(i)) < 0) return false;
        }
        return true;
    }
}
