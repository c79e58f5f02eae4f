package io.callguard.asterisk.ami;

import io.vertx.core.buffer.Buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Cuts the AMI byte stream into its banner line and its frames, in place of a {@code RecordParser}: each incoming
 * buffer is copied once into a reused array, the frame ends ({@code \r\n\r\n}, as a RecordParser delimited by it
 * finds them) are searched eight bytes at a time, and each frame is handed over as a range of that array, with no
 * per-frame Buffer, byte[] or String. Bytes already searched are not searched again when a frame spans reads.
 *
 * <p>A banner line or frame over the size bound is reported once through {@link Handler#oversized()} (the client
 * resets the link) and everything after it is ignored. Not thread-safe: used on one event loop.
 */
final class AmiFramer {
    /** Where the framer's output goes, on the thread that feeds it. */
    interface Handler {
        /**
         * The first line of the stream ({@code \r\n} cut off, not trimmed); returns true when frames follow, false
         * to keep reading lines (a blank line before the banner).
         */
        boolean banner(String line);

        /** One frame: {@code bytes[from, to)}, its blank line cut off; valid only during the call. */
        void frame(byte[] bytes, int from, int to);

        /** A line or frame over the bound: nothing more is delivered. */
        void oversized();
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final int maxFrameBytes;
    private final Handler handler;
    private byte[] buf = new byte[8 * 1024];
    /** Start of the frame (or banner) not yet delivered. */
    private int head;
    /** End of the bytes held. */
    private int tail;
    /** Where the search for the next {@code '\n'} ending a delimiter resumes. */
    private int scan;
    private boolean inBanner = true;
    private boolean failed;

    AmiFramer(int maxFrameBytes, Handler handler) {
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
    }

    /**
     * Runs the framer and the decoder once on a banner and a few frames, so that their first-time work (linking the
     * VarHandle, loading the decoder's classes and tables) happens on the caller's thread, not on an event loop.
     */
    static void warmUp() {
        AmiFramer framer = new AmiFramer(1024, new Handler() {
            @Override public boolean banner(String line) { return true; }
            @Override public void frame(byte[] bytes, int from, int to) { AmiFrameDecoder.decode(bytes, from, to); }
            @Override public void oversized() { }
        });
        framer.feed(Buffer.buffer("Asterisk Call Manager/0\r\nEvent: FullyBooted\r\n\r\nEvent: Hangup\r\n"
                + "Uniqueid: 1.1\r\nCause: 16\r\n\r\nEvent: VarSet\r\n\r\nResponse: Success\r\nActionID: cg0\r\n\r\n"));
    }

    /** Takes in one read from the socket and delivers every banner line or frame it completes. */
    void feed(Buffer chunk) {
        if (failed) return;
        int n = chunk.length();
        if (n == 0) return;
        room(n);
        chunk.getBytes(0, n, buf, tail);
        tail += n;
        while (!failed) {
            int end = inBanner ? lineEnd() : frameEnd();
            if (end < 0) {
                if (tail - head > maxFrameBytes) fail();
                break;
            }
            if (end - head > maxFrameBytes) {
                fail();
                break;
            }
            if (inBanner) {
                int from = head;
                head = end + 2;
                scan = head;
                if (handler.banner(new String(buf, from, end - from, StandardCharsets.UTF_8))) inBanner = false;
            } else {
                int from = head;
                head = end + 4;
                scan = head;
                handler.frame(buf, from, end);
            }
        }
        if (head == tail) head = tail = scan = 0; // the usual case: the read ended on a frame boundary
    }

    private void fail() {
        failed = true;
        handler.oversized();
    }

    /** Makes room for {@code n} more bytes: moves the undelivered bytes to the front, grows the array if needed. */
    private void room(int n) {
        if (tail + n <= buf.length) return;
        int held = tail - head;
        if (head > 0) {
            System.arraycopy(buf, head, buf, 0, held);
            scan -= head;
            head = 0;
            tail = held;
        }
        if (held + n > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, held + n)];
            System.arraycopy(buf, 0, bigger, 0, held);
            buf = bigger;
        }
    }

    /** The start of the first {@code \r\n\r\n} of the pending frame, or -1 (then the search resumes at the end). */
    private int frameEnd() {
        int from = Math.max(scan, head + 3);
        while (true) {
            int nl = newline(from);
            if (nl < 0) {
                scan = Math.max(from, tail);
                return -1;
            }
            if (buf[nl - 1] == '\r' && buf[nl - 2] == '\n' && buf[nl - 3] == '\r') return nl - 3;
            from = nl + 1;
        }
    }

    /** The start of the first {@code \r\n} of the pending line, or -1. */
    private int lineEnd() {
        int from = Math.max(scan, head + 1);
        while (true) {
            int nl = newline(from);
            if (nl < 0) {
                scan = Math.max(from, tail);
                return -1;
            }
            if (buf[nl - 1] == '\r') return nl - 1;
            from = nl + 1;
        }
    }

    /** The index of the first {@code '\n'} in {@code [from, tail)}, or -1; eight bytes per step (SWAR). */
    private int newline(int from) {
        int i = from;
        for (int last = tail - 8; i <= last; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES; // a zero byte where a '\n' was
            long found = (x - LOW_BITS) & ~x & HIGH_BITS; // the lowest set bit marks the first zero byte exactly
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < tail; i++) if (buf[i] == '\n') return i;
        return -1;
    }
}
