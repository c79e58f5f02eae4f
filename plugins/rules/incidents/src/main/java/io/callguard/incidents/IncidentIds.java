package io.callguard.incidents;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Ticket ids: 18 characters of Crockford base 32, a millisecond (10 characters) then 40 random bits (8 characters), as
 * the suspensions' ids: sortable by creation, unique across restarts and nodes, URL-safe; strictly increasing within
 * one process.
 */
final class IncidentIds {
    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = DIGITS.toCharArray();
    private static final long RANDOM_MASK = (1L << 40) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static long lastRandom;

    private IncidentIds() { }

    static synchronized String next(Instant at) {
        long millis = Math.max(0, at.toEpochMilli());
        long random;
        if (millis <= lastMillis) {
            millis = lastMillis;
            random = (lastRandom + 1) & RANDOM_MASK;
            if (random == 0) millis++;
        } else {
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
    static boolean valid(String text) {
        if (text == null || text.length() != 18) return false;
        for (int i = 0; i < text.length(); i++) {
            if (DIGITS.indexOf(text.charAt(i)) < 0) return false;
        }
        return true;
    }
}
