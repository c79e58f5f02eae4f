package io.callguard.cti.sms;

import java.util.Objects;

/**
 * How a text will be sent.
 *
 * @param encoding   GSM7 when every character is in the GSM 03.38 default alphabet or its extension table
 * @param segments   SMS parts needed (1 for a single SMS)
 * @param characters Unicode code points in the text
 * @param units      septets for GSM7 (an extension character counts 2), UTF-16 code units for UCS2 (a character
 *                   outside the BMP, e.g. most emoji, counts 2)
 */
public record TextAnalysis(SmsEncoding encoding, int segments, int characters, int units) {
    public TextAnalysis {
        Objects.requireNonNull(encoding, "encoding");
        if (segments < 1) throw new IllegalArgumentException("segments must be positive: " + segments);
    }
}
