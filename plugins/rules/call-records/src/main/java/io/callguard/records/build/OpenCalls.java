package io.callguard.records.build;

import java.util.HashMap;
import java.util.Map;

/**
 * The open calls of a {@link CallRecordBuilder}, found by the Uniqueid of any of their legs or by their Linkedid, and
 * kept in the order they were first seen (the forgetting order). No map entry per call (issue 13: 10,000s of them):
 * the order is a list through the calls themselves, the index an open-addressing table of the calls alone. Not
 * thread-safe: the builder's lock guards it.
 */
final class OpenCalls {
    private static final int MIN_SLOTS = 64;
    private static final Object TOMBSTONE = new Object();

    // The open calls (issue 13: no map entry of their own, 10,000s of them). In the order they were first seen (the
    // forgetting order): a list through the calls themselves. By the Uniqueid of each of their legs: an open-addressing
    // table of the calls alone (a slot matches a Uniqueid when its call has that leg), at most three quarters taken
    // (calls and tombstones), at most half by calls when it is built.
    // By Linkedid: the call of the leg whose Uniqueid it is, else (a call first seen by another of its legs) orphans.
    private OpenCall oldest;
    private OpenCall newest;
    private int openCount;
    private Object[] slots = new Object[MIN_SLOTS];
    /** Slots holding a call, slots emptied since the table was last built (TOMBSTONE: the probes go on past them). */
    private int slotsUsed;
    private int tombstones;
    /** Open calls by Linkedid when no leg of theirs has that Uniqueid (yet): rare. */
    private final Map<String, OpenCall> orphans = new HashMap<>();

    /** The call first seen longest ago, null when none is open; {@link OpenCall#newer} walks the rest. */
    OpenCall oldest() { return oldest; }

    int size() { return openCount; }

    /** The open call that has a leg {@code uniqueId}, else null. */
    OpenCall find(String uniqueId) {
        if (uniqueId == null) return null;
        Object[] t = slots;
        int mask = t.length - 1;
        for (int i = slot(uniqueId, mask); ; i = (i + 1) & mask) {
            Object s = t[i];
            if (s == null) return null;
            if (s != TOMBSTONE && ((OpenCall) s).indexOf(uniqueId) >= 0) return (OpenCall) s;
        }
    }

    /** The open call of this Linkedid, else null. */
    OpenCall findByLinkedId(String linkedId) {
        OpenCall c = find(linkedId); // the call's first leg: its Uniqueid is the Linkedid
        if (c != null && c.linkedId.equals(linkedId)) return c;
        return orphans.get(linkedId);
    }

    /** A new open call, the newest in the forgetting order; its legs are added by {@link OpenCall#add} and {@link #index}. */
    OpenCall open(String linkedId, String firstLeg, long firstSeen, long startedAt) {
        OpenCall c = new OpenCall(linkedId, firstSeen, startedAt);
        if (newest == null) {
            oldest = c;
        } else {
            newest.newer = c;
            c.older = newest;
        }
        newest = c;
        openCount++;
        if (!linkedId.equals(firstLeg)) orphans.put(linkedId, c);
        return c;
    }

    /** The call leaves the tables: recorded, forgotten or lost. */
    void remove(OpenCall c) {
        if (c.older == null) oldest = c.newer; else c.older.newer = c.newer;
        if (c.newer == null) newest = c.older; else c.newer.older = c.older;
        c.older = null;
        c.newer = null;
        openCount--;
        orphans.remove(c.linkedId, c);
        // every slot of c lies on the probe of one of its legs, with no empty slot before it
        Object[] t = slots;
        int mask = t.length - 1;
        for (int leg = 0; leg < c.legCount; leg++) {
            for (int i = slot(c.legId(leg), mask); t[i] != null; i = (i + 1) & mask) {
                if (t[i] == c) {
                    t[i] = TOMBSTONE;
                    slotsUsed--;
                    tombstones++;
                }
            }
        }
        // the last open call gone (the end of a busy hour): the table of the peak is not kept
        if (slotsUsed == 0 && slots.length > MIN_SLOTS) {
            slots = new Object[MIN_SLOTS];
            tombstones = 0;
        }
    }

    /** Indexes leg {@code uniqueId} of {@code c} (c is in the forgetting order, the leg already added to it). */
    void index(String uniqueId, OpenCall c) {
        if (uniqueId.equals(c.linkedId)) orphans.remove(uniqueId, c); // found by its Linkedid through the table now
        if ((slotsUsed + tombstones + 1) * 4L > slots.length * 3L) {
            rebuild(); // from the open calls, this leg included
        } else {
            if (insert(slots, uniqueId, c)) tombstones--;
            slotsUsed++;
        }
    }

    /** The table built again from the open calls, half full at most: no tombstone left. */
    private void rebuild() {
        int legs = 0;
        for (OpenCall c = oldest; c != null; c = c.newer) legs += c.legCount;
        int capacity = MIN_SLOTS;
        while (capacity < legs * 2) capacity <<= 1;
        Object[] t = new Object[capacity];
        for (OpenCall c = oldest; c != null; c = c.newer) {
            for (int leg = 0; leg < c.legCount; leg++) insert(t, c.legId(leg), c);
        }
        slots = t;
        slotsUsed = legs;
        tombstones = 0;
    }

    /** Puts c in the first free slot of the probe; true when that slot was a tombstone. */
    private static boolean insert(Object[] t, String uniqueId, OpenCall c) {
        int mask = t.length - 1;
        int i = slot(uniqueId, mask);
        while (t[i] != null && t[i] != TOMBSTONE) i = (i + 1) & mask;
        boolean reused = t[i] == TOMBSTONE;
        t[i] = c;
        return reused;
    }

    private static int slot(String uniqueId, int mask) {
        int h = uniqueId.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
