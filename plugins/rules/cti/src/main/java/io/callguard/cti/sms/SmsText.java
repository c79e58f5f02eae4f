package io.callguard.cti.sms;

import java.util.Optional;

/**
 * Analyses an SMS text: encoding and number of segments, with the limits of a concatenated SMS.
 *
 * <p>GSM-7 when every character is in the GSM 03.38 default alphabet (1 septet) or in its extension table
 * ({@code ^ { } \ [ ~ ] | €} and form feed: ESC + character, 2 septets); UCS-2 otherwise. A text that fits a single
 * SMS (160 septets / 70 code units) is one segment; a longer one is split greedily into parts of 153 septets / 67
 * code units, never cutting an escape pair or a surrogate pair in two (as handsets do), so the count is exact.
 */
public final class SmsText {
    public static final int DEFAULT_MAX_SEGMENTS = 10;

    private static final String GSM7_BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    private final int maxSegments;

    public SmsText(int maxSegments) {
        if (maxSegments < 1) throw new IllegalArgumentException("maxSegments must be at least 1: " + maxSegments);
        this.maxSegments = maxSegments;
    }

    public static SmsText withDefaults() { return new SmsText(DEFAULT_MAX_SEGMENTS); }

    public int maxSegments() { return maxSegments; }

    /** Encoding and segments of {@code text}; never null for a non-null text (even over the limit). */
    public static TextAnalysis analyze(String text) {
        boolean gsm = true;
        int characters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            characters++;
            if (gsm && septets(cp) == 0) gsm = false;
        }
        return gsm ? gsm7(text, characters) : ucs2(text, characters);
    }

    /**
     * Checks a text against the limits.
     *
     * @return a message saying what is wrong (empty text, escape character, too many segments…), or empty when the
     * text can be sent
     */
    public Optional<String> problem(String text) {
        if (text == null || text.isEmpty()) return Optional.of("text is required and must not be empty");
        if (text.indexOf('\u001B') >= 0) return Optional.of("text must not contain the ESC control character");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!pair) return Optional.of("text contains an unpaired UTF-16 surrogate at index " + i);
                i++;
            }
        }
        TextAnalysis a = analyze(text);
        if (a.segments() > maxSegments) {
            int max = maxSegments == 1 ? a.encoding().singleCapacity() : maxSegments * a.encoding().partCapacity();
            String unit = a.encoding() == SmsEncoding.GSM7 ? "GSM-7 septets" : "UCS-2 code units";
            return Optional.of("text needs " + a.segments() + " SMS segments (" + a.units() + " " + unit
                    + "), more than the " + maxSegments + " allowed (at most " + max + " " + unit + ")");
        }
        return Optional.empty();
    }

    /** 1 for the default alphabet, 2 for the extension table, 0 when not GSM-7. */
    static int septets(int cp) {
        if (cp > 0xFFFF || cp == 0x1B) return 0;
        if (GSM7_BASIC.indexOf(cp) >= 0) return 1;
        if (GSM7_EXTENSION.indexOf(cp) >= 0) return 2;
        return 0;
    }

    private static TextAnalysis gsm7(String text, int characters) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) units += septets(text.charAt(i));
        if (units <= SmsEncoding.GSM7.singleCapacity()) return new TextAnalysis(SmsEncoding.GSM7, 1, characters, units);
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int cost = septets(text.charAt(i));
            if (used + cost > SmsEncoding.GSM7.partCapacity()) {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return new TextAnalysis(SmsEncoding.GSM7, segments, characters, units);
    }

    private static TextAnalysis ucs2(String text, int characters) {
        int units = text.length();
        if (units <= SmsEncoding.UCS2.singleCapacity()) return new TextAnalysis(SmsEncoding.UCS2, 1, characters, units);
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int cost = Character.charCount(cp);
            i += cost;
            if (used + cost > SmsEncoding.UCS2.partCapacity()) {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return new TextAnalysis(SmsEncoding.UCS2, segments, characters, units);
    }
}
