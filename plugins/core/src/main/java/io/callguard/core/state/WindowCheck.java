package io.callguard.core.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of {@link SlidingWindows#tryRecord}.
 *
 * @param recorded true when the event was counted in every window
 * @param at       the instant checked (and counted when recorded): what {@link SlidingWindows#remove} takes back
 * @param roomAt   for each window, in the order given, the instant it has room for one more event: {@code at} when it
 *                 has room now, else the instant its oldest counted event leaves it
 */
public record WindowCheck(boolean recorded, Instant at, List<Instant> roomAt) {
    public WindowCheck {
        Objects.requireNonNull(at, "at");
        roomAt = List.copyOf(roomAt);
        if (recorded && refusingIndex(at, roomAt) >= 0) {
            throw new IllegalArgumentException("an event recorded while a window was full");
        }
    }

    /**
     * The window that refused, as an index into the windows given: the one with the longest wait when several are
     * full (the event can go only once all of them have room); -1 when recorded.
     */
    public int refusingIndex() { return refusingIndex(at, roomAt); }

    /** Exact time until every window has room: zero when recorded. */
    public Duration waitTime() {
        int i = refusingIndex();
        return i < 0 ? Duration.ZERO : Duration.between(at, roomAt.get(i));
    }

    private static int refusingIndex(Instant at, List<Instant> roomAt) {
        int refusing = -1;
        Instant latest = at;
        for (int i = 0; i < roomAt.size(); i++) {
            if (roomAt.get(i).isAfter(latest)) {
                refusing = i;
                latest = roomAt.get(i);
            }
        }
        return refusing;
    }
}
