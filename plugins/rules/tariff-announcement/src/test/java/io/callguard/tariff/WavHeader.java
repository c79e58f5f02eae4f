package io.callguard.tariff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields of a RIFF/WAVE header the prompt tests check (what Asterisk needs to play a file without transcoding:
 * PCM, 8000 Hz, mono, 16 bits). Public, and published in this module's test-jar, so that the server's end-to-end
 * test of the prompts rendered from the admin API reads them the same way.
 *
 * @param format        1 for PCM
 * @param dataBytes     length of the sound data
 */
public record WavHeader(int format, int channels, int sampleRate, int bitsPerSample, long dataBytes) {
    /** The length of the sound in seconds. */
    public double seconds() { return dataBytes / (double) (sampleRate * channels * (bitsPerSample / 8)); }

    /** Reads the header of a WAV file; fails the test when it is not one or has no data chunk. */
    public static WavHeader read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(bytes, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        int format = -1, channels = -1, rate = -1, bits = -1;
        for (int at = 12; at + 8 <= bytes.length; ) {
            String id = new String(bytes, at, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            if (id.equals("fmt ")) {
                format = Short.toUnsignedInt(b.getShort(at + 8));
                channels = Short.toUnsignedInt(b.getShort(at + 10));
                rate = b.getInt(at + 12);
                bits = Short.toUnsignedInt(b.getShort(at + 22));
            } else if (id.equals("data")) {
                return new WavHeader(format, channels, rate, bits, Math.min(size, bytes.length - at - 8L));
            }
            at += 8 + (int) size + (int) (size & 1);
        }
        throw new AssertionError("no data chunk");
    }
}
