package io.callguard.suspension;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Suspension ids: 18 characters of Crockford base 32, a millisecond (10 characters) then 40 random bits
 * (8 characters), so that ids sort by creation, are unique across restarts and nodes, and read well in a URL.
 * Within one process they are strictly increasing: a second id in the same millisecond (or after the clock went
 * back) reuses the previous millisecond and increments the random part, so two suspensions created in the same
 * millisecond still list in creation order.
 */
final class SuspensionIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long RANDOM_MASK = (1L << 40) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static long lastRandom;

    private SuspensionIds() { }

    static synchronized String next(Instant at) {
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
}
