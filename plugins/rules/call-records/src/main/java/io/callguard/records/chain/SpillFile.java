package io.callguard.records.chain;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only file records wait in while the store cannot take them fast enough: one line per item (a call, a
 * gap, or the restart marker), read back in order from the replay offset. A state file beside it says how far the
 * store has the file's items, written before an append (the intent: these bytes become these seqs) and after it (the
 * commit), so that a crash between the store's commit and ours replays nothing twice and loses nothing. Not
 * thread-safe: {@link RecordWriter} holds its spill lock around every call.
 */
final class SpillFile implements AutoCloseable {
    /** The restart marker: becomes a RESTART gap from the chain's head at the time it is chained. */
    record RestartMarker(Instant at) { }

    /** An item read back and the file offset just after it. */
    record Read(Object item, long end) { }

    static final String FILE = "records.spill";
    static final String STATE = "records.spill.state";

    private final Path file;
    private final Path state;
    private FileChannel channel;
    /** Bytes of whole lines in the file. */
    private long written;
    /** Where the next item to replay starts (everything before is in the store). */
    private long replayOffset;
    /** The intent read at open: the offset the store has once its last seq reaches {@link #pendingSeq}. */
    private long pendingEnd = -1;
    private long pendingSeq = -1;

    SpillFile(Path dir) {
        this.file = dir.resolve(FILE);
        this.state = dir.resolve(STATE);
    }

    /** Opens (creates) the file, drops a line torn by a crash, reads the state. */
    void open() {
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = channel.size();
            long whole = size;
            // a crash in the middle of a line leaves it without its line feed: that item was never acknowledged
            ByteBuffer one = ByteBuffer.allocate(1);
            while (whole > 0) {
                one.clear();
                channel.read(one, whole - 1);
                if (one.get(0) == '\n') break;
                whole--;
            }
            if (whole < size) channel.truncate(whole);
            written = whole;
            if (Files.exists(state)) {
                String[] s = Files.readString(state, StandardCharsets.US_ASCII).trim().split("\\s+");
                replayOffset = Long.parseLong(s[0]);
                if (s.length == 3) {
                    pendingEnd = Long.parseLong(s[1]);
                    pendingSeq = Long.parseLong(s[2]);
                }
            }
            if (replayOffset > written) replayOffset = written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spill file " + file, e);
        }
    }

    /** After open, once the store's last seq is known: an intent the store committed is taken as committed. */
    void recover(long storeLastSeq) {
        if (pendingSeq >= 0 && storeLastSeq >= pendingSeq) commit(pendingEnd);
        pendingSeq = -1;
        pendingEnd = -1;
    }

    boolean hasUnreplayed() { return replayOffset < written; }

    long unreplayedBytes() { return written - replayOffset; }

    void append(Object item) { appendAll(List.of(item)); }

    /** The items in order, in one write. */
    void appendAll(List<Object> items) {
        if (items.isEmpty()) return;
        StringBuilder text = new StringBuilder(items.size() * 256);
        for (Object item : items) text.append(encode(item)).append('\n');
        byte[] line = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer b = ByteBuffer.wrap(line);
            long at = written;
            while (b.hasRemaining()) at += channel.write(b, at);
            written = at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spill file " + file, e);
        }
    }

    /** Up to {@code max} items from {@code from} (the replay offset, or past a batch in flight). */
    List<Read> read(long from, int max) {
        List<Read> out = new ArrayList<>();
        try {
            long at = from;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            // the file always ends with a whole line (written is counted in whole lines), so no line is left half read
            while (at < written && out.size() < max) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), written - at));
                int n = channel.read(buf, at);
                if (n <= 0) break;
                for (int i = 0; i < n; i++) {
                    byte c = buf.get(i);
                    if (c != '\n') {
                        line.write(c);
                        continue;
                    }
                    out.add(new Read(decode(line.toString(StandardCharsets.UTF_8)), at + i + 1));
                    line.reset();
                    if (out.size() == max) return out;
                }
                at += n;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill file " + file, e);
        }
    }

    long replayOffset() { return replayOffset; }

    /** Before storing the items up to {@code end} as seqs ending at {@code lastSeq}. */
    void intent(long end, long lastSeq) { writeState(replayOffset + " " + end + " " + lastSeq); }

    /** The store has the items up to {@code end}. */
    void commit(long end) {
        replayOffset = end;
        writeState(Long.toString(end));
    }

    /** Everything replayed: the file starts again empty. */
    void clear() {
        try {
            channel.truncate(0);
            written = 0;
            replayOffset = 0;
            Files.deleteIfExists(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the spill file " + file, e);
        }
    }

    /**
     * Puts {@code first} before the unreplayed items (a clean stop: what was in memory is older than what spilled):
     * the file is rewritten beside and moved over.
     */
    void prepend(List<Object> first) {
        if (first.isEmpty()) return;
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                StringBuilder b = new StringBuilder();
                for (Object item : first) b.append(encode(item)).append('\n');
                ByteBuffer head = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (head.hasRemaining()) out.write(head);
                channel.transferTo(replayOffset, written - replayOffset, out);
                out.force(true);
            }
            channel.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(state);
            replayOffset = 0;
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            written = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the spill file " + file, e);
        }
    }

    /** Forces the file to the disk (on stop). */
    void force() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the spill file " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private void writeState(String text) {
        Path tmp = state.resolveSibling(STATE + ".tmp");
        try {
            Files.writeString(tmp, text + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill state " + state, e);
        }
    }

    // --- one item per line, tab-separated, escaped ---

    static String encode(Object item) {
        List<String> f = new ArrayList<>();
        if (item instanceof CallRecord c) {
            f.add("C");
            f.add(c.uniqueId()); f.add(c.linkedId()); f.add(c.accountId()); f.add(c.trunkId());
            f.add(c.direction().name()); f.add(c.caller()); f.add(c.calleeDialled()); f.add(c.calleeNormalised());
            f.add(c.category().name()); f.add(c.categoryDetail()); f.add(c.verdict()); f.add(c.reason());
            f.add(c.startedAt().toString()); f.add(c.answeredAt() == null ? "" : c.answeredAt().toString());
            f.add(c.endedAt().toString()); f.add(Long.toString(c.billableSeconds())); f.add(c.disposition().name());
            f.add(c.cause() == null ? "" : c.cause().toString()); f.add(c.asteriskNode()); f.add(Boolean.toString(c.adopted()));
            CallRating r = c.rating();
            // a rated call: five more fields (a file written before rating existed has none, and reads back unrated)
            if (r != null) {
                f.add(r.planId()); f.add(Integer.toString(r.planVersion())); f.add(r.rateId());
                f.add(Long.toString(r.billedSeconds())); f.add(r.amountCents().toPlainString());
            }
        } else if (item instanceof Gap g) {
            f.add("G");
            f.add(g.from().toString()); f.add(g.to().toString()); f.add(g.reason());
        } else if (item instanceof RestartMarker r) {
            f.add("R");
            f.add(r.at().toString());
        } else {
            throw new IllegalArgumentException("not a spill item: " + item);
        }
        StringBuilder b = new StringBuilder(256);
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) b.append('\t');
            String v = f.get(i);
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
        }
        return b.toString();
    }

    static Object decode(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\t') {
                f.add(cur.toString());
                cur.setLength(0);
            } else if (ch == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                cur.append(switch (n) { case 't' -> '\t'; case 'n' -> '\n'; case 'r' -> '\r'; default -> n; });
            } else {
                cur.append(ch);
            }
        }
        f.add(cur.toString());
        switch (f.get(0)) {
            case "C" -> {
                return new CallRecord(f.get(1), f.get(2), f.get(3), f.get(4), Direction.valueOf(f.get(5)), f.get(6),
                        f.get(7), f.get(8), NumberCategory.valueOf(f.get(9)), f.get(10), f.get(11), f.get(12),
                        Instant.parse(f.get(13)), f.get(14).isEmpty() ? null : Instant.parse(f.get(14)),
                        Instant.parse(f.get(15)), Long.parseLong(f.get(16)), Disposition.valueOf(f.get(17)),
                        f.get(18).isEmpty() ? null : Integer.valueOf(f.get(18)), f.get(19), Boolean.parseBoolean(f.get(20)),
                        f.size() > 21 ? new CallRating(f.get(21), Integer.parseInt(f.get(22)), f.get(23),
                                Long.parseLong(f.get(24)), new BigDecimal(f.get(25))) : null);
            }
            case "G" -> {
                return new Gap(Instant.parse(f.get(1)), Instant.parse(f.get(2)), f.get(3));
            }
            case "R" -> {
                return new RestartMarker(Instant.parse(f.get(1)));
            }
            default -> throw new IllegalArgumentException("not a spill line: " + line);
        }
    }
}
