package io.callguard.traffic.measures;

import com.carrotsearch.hppc.LongHashSet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One account's outbound calls of the days the measures keep, by Paris day of their start. A day's figures are kept
 * current as calls are added (O(1) per call, whatever the day's traffic: the watch reads them after every record), the
 * short calls as a histogram of billable seconds so that the short-call bound stays the account's rule of the moment.
 * The calls themselves are kept for the sliding 24 h, computed when read (the routes), as columns of primitives: a
 * day of a busy account is millions of calls, which as objects every young collection scanned and copied (issue 13);
 * here they are about 65 bytes a call and nothing for the collector to follow. Synchronised: records arrive on the
 * event threads, reads come from the routes and the watch; the sliding 24 h counts outside the lock.
 */
final class AccountTraffic {
    private final Map<LocalDate, DayCalls> days = new HashMap<>();

    /**
     * Adds the call (once: a record read back at start and heard again counts once, told by a 64-bit hash of its
     * Uniqueid within its day); false when already there.
     */
    synchronized boolean add(PlacedCall call, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(call.startedAt(), zone);
        return days.computeIfAbsent(day, d -> new DayCalls()).add(call);
    }

    synchronized TrafficFigures day(LocalDate day, long shortCallSeconds) {
        DayCalls d = days.get(day);
        return (d == null ? new FiguresCount() : d.figures).figures(shortCallSeconds);
    }

    /**
     * The calls started in [from, to), counted outside the lock: the days' columns are taken as they are (their
     * arrays and sizes, O(1) under the lock) and only ever appended to, so a route counting a million calls does not
     * hold up the event loop's {@link #add} for as long.
     */
    TrafficFigures between(Instant from, Instant to, ZoneId zone, long shortCallSeconds) {
        java.util.List<DayCalls.Columns> taken = new java.util.ArrayList<>(2);
        synchronized (this) {
            for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(LocalDate.ofInstant(to, zone)); d = d.plusDays(1)) {
                DayCalls calls = days.get(d);
                if (calls != null) taken.add(calls.columns());
            }
        }
        FiguresCount count = new FiguresCount();
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        for (DayCalls.Columns c : taken) c.countInto(count, fromMillis, toMillis);
        return count.figures(shortCallSeconds);
    }

    /** Forgets the days before {@code oldest}. */
    synchronized void forgetBefore(LocalDate oldest) {
        days.keySet().removeIf(d -> d.isBefore(oldest));
    }

    /** A day's calls: its running figures, the hashes of the Uniqueids counted, and each call's values in columns. */
    private static final class DayCalls {
        private static final byte ANSWERED = 1, MOBILE = 2;
        final FiguresCount figures = new FiguresCount();
        private final LongHashSet seen = new LongHashSet();
        private long[] startedAt = new long[16];
        private long[] billableSeconds = new long[16];
        private long[] amount = new long[16];
        private long[] destination = new long[16];
        private byte[] flags = new byte[16];
        private int size;

        boolean add(PlacedCall c) {
            if (!seen.add(FiguresCount.hash64(c.uniqueId()))) return false;
            if (size == startedAt.length) grow();
            long at = c.startedAt().toEpochMilli();
            long amountTenThousandths = FiguresCount.tenThousandths(c.amountCents());
            long dest = FiguresCount.hash64(c.destination());
            startedAt[size] = at;
            billableSeconds[size] = c.billableSeconds();
            amount[size] = amountTenThousandths;
            destination[size] = dest;
            flags[size] = (byte) ((c.answered() ? ANSWERED : 0) | (c.mobile() ? MOBILE : 0));
            size++;
            figures.add(at, c.answered(), c.billableSeconds(), amountTenThousandths, dest, c.mobile());
            return true;
        }

        /** The columns as they are now (taken under the account's lock; what is below {@code size} never changes). */
        Columns columns() { return new Columns(startedAt, billableSeconds, amount, destination, flags, size); }

        record Columns(long[] startedAt, long[] billableSeconds, long[] amount, long[] destination, byte[] flags, int size) {
            /** Counts the calls started in [from, to) (epoch milliseconds) into {@code count}. */
            void countInto(FiguresCount count, long from, long to) {
                for (int i = 0; i < size; i++) {
                    if (startedAt[i] < from || startedAt[i] >= to) continue;
                    count.add(startedAt[i], (flags[i] & ANSWERED) != 0, billableSeconds[i], amount[i], destination[i],
                            (flags[i] & MOBILE) != 0);
                }
            }
        }

        private void grow() {
            int n = size * 2;
            startedAt = Arrays.copyOf(startedAt, n);
            billableSeconds = Arrays.copyOf(billableSeconds, n);
            amount = Arrays.copyOf(amount, n);
            destination = Arrays.copyOf(destination, n);
            flags = Arrays.copyOf(flags, n);
        }
    }
}
