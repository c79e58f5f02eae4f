package io.callguard.cti.sms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The SMS limits of R8 (CP Téléphonie §1.5), per account: by default at most 1 SMS in any 1 s and at most 10 in any
 * 60 s, both checked and counted in one atomic step.
 *
 * <p><b>Why a sliding log and not a token bucket (Bucket4j).</b> The contract says "10 SMS per minute", and the
 * requirement is that the 11th SMS within <em>any</em> 60 s is refused. No token bucket does that while still letting
 * an idle account send its 10 at one per second: with greedy refill (10 tokens / 60 s = one token every 6 s) the 11th
 * SMS goes through at t = 10 s; with interval refill (10 tokens at each 60 s boundary of the bucket) the windows are
 * fixed, so 1 SMS at 0 s, 9 at 50–58 s and 10 more at 60–69 s put 19 SMS inside [50 s, 110 s). A sliding log is exact:
 * each window keeps the instants of its last {@code limit} counted SMS (a ring, so 10 instants per account for the
 * minute); an SMS is allowed at {@code now} when, in every window, fewer than {@code limit} counted SMS are later than
 * {@code now - period}. The wait is exact too: the oldest of those instants plus the period, minus now. Bucket4j
 * remains the right tool for the per-key request limiter, where a burst is wanted.
 *
 * <p>Atomicity: the check and the recording for an account run inside one Caffeine {@code asMap().compute} on that
 * account, so N concurrent calls on an account with room for one give exactly one grant. Refused calls count for
 * nothing. State is dropped after the longest period without access (measured on the injected clock, which also
 * drives Caffeine's ticker): by then none of its instants can still count, so forgetting it is exact.
 *
 * <p>State is per process: on several service nodes, give each account a single home node or back this with a
 * shared store (the same log kept in SQL or Redis under a per-account lock).
 */
public final class SmsRateLimiter {
    private final Clock clock;
    private final List<RateWindow> windows;
    private final Cache<String, Log> logs;

    /** The last instants counted in each window of one account; guarded by the map's compute on that account. */
    private static final class Log {
        final Instant[][] rings;
        final int[] sizes;
        final int[] heads;

        Log(List<RateWindow> windows) {
            rings = new Instant[windows.size()][];
            for (int i = 0; i < windows.size(); i++) rings[i] = new Instant[windows.get(i).limit()];
            sizes = new int[windows.size()];
            heads = new int[windows.size()];
        }

        /** The oldest counted instant of window w when its ring is full (the one that must age out), else null. */
        Instant oldestIfFull(int w) {
            return sizes[w] == rings[w].length ? rings[w][heads[w]] : null;
        }

        void record(int w, Instant at) {
            Instant[] ring = rings[w];
            int tail = (heads[w] + sizes[w]) % ring.length;
            if (sizes[w] == ring.length) {
                ring[heads[w]] = at;
                heads[w] = (heads[w] + 1) % ring.length;
            } else {
                ring[tail] = at;
                sizes[w]++;
            }
        }

        /** Removes the most recent occurrence of {@code at} from window w; true if found. */
        boolean remove(int w, Instant at) {
            Instant[] ring = rings[w];
            for (int k = sizes[w] - 1; k >= 0; k--) {
                int idx = (heads[w] + k) % ring.length;
                if (at.equals(ring[idx])) {
                    for (int j = k; j < sizes[w] - 1; j++) {
                        ring[(heads[w] + j) % ring.length] = ring[(heads[w] + j + 1) % ring.length];
                    }
                    sizes[w]--;
                    ring[(heads[w] + sizes[w]) % ring.length] = null;
                    return true;
                }
            }
            return false;
        }
    }

    /** The R8 defaults: {@link RateWindow#PER_SECOND} and {@link RateWindow#PER_MINUTE}. */
    public SmsRateLimiter(Clock clock) { this(clock, List.of(RateWindow.PER_SECOND, RateWindow.PER_MINUTE)); }

    public SmsRateLimiter(Clock clock, List<RateWindow> windows) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (windows == null || windows.isEmpty()) throw new IllegalArgumentException("at least one window is required");
        this.windows = List.copyOf(windows);
        Duration longest = this.windows.stream().map(RateWindow::period).max(Comparator.naturalOrder()).orElseThrow();
        Ticker ticker = () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        this.logs = Caffeine.newBuilder().expireAfterAccess(longest).ticker(ticker).build();
    }

    public List<RateWindow> windows() { return windows; }

    /** {@link #tryAcquire(String, Instant)} at the clock's now. */
    public RateCheck tryAcquire(String accountId) { return tryAcquire(accountId, clock.instant()); }

    /**
     * Counts one SMS of {@code accountId} at {@code now} if every window has room; atomic per account.
     * A refusal names the window with the longest wait and that exact wait (when several windows are full, the SMS
     * can go only once all of them have room).
     */
    public RateCheck tryAcquire(String accountId, Instant now) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(now, "now");
        RateCheck[] out = new RateCheck[1];
        logs.asMap().compute(accountId, (id, log) -> {
            Log l = log == null ? new Log(windows) : log;
            RateWindow refusing = null;
            Duration longestWait = Duration.ZERO;
            for (int w = 0; w < windows.size(); w++) {
                Instant oldest = l.oldestIfFull(w);
                if (oldest == null) continue;
                Duration wait = Duration.between(now, oldest.plus(windows.get(w).period()));
                if (wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(longestWait) > 0) {
                    refusing = windows.get(w);
                    longestWait = wait;
                }
            }
            if (refusing != null) {
                out[0] = new RateCheck(false, now, refusing, longestWait);
            } else {
                for (int w = 0; w < windows.size(); w++) l.record(w, now);
                out[0] = new RateCheck(true, now, null, Duration.ZERO);
            }
            return l;
        });
        return out[0];
    }

    /**
     * Gives back an SMS counted at {@code at} (its storage failed, or it turned out to be a replay): every window
     * forgets that instant once. No effect when it is no longer there.
     */
    public void release(String accountId, Instant at) {
        logs.asMap().computeIfPresent(accountId, (id, l) -> {
            for (int w = 0; w < windows.size(); w++) l.remove(w, at);
            return l;
        });
    }

    /** Accounts with state in memory (for tests and metrics). */
    public long trackedAccounts() {
        logs.cleanUp();
        return logs.estimatedSize();
    }
}
