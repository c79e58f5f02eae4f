package io.callguard.suspension;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SuspensionBookTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    private final SuspensionBook book = new SuspensionBook();

    private static Suspension s(String id, String account, String trunk, Instant startsAt) {
        return new Suspension(id, account, trunk, SuspensionReason.CREDIT_THRESHOLD, "", "alice", T0, startsAt, false,
                null, null, null);
    }

    @Test
    void anUnknownOrEmptyAccountIsNeverBlocked() {
        book.put(s("a", "acme", null, T0));
        assertThat(book.outboundBlocked("", "trunk-a", T0)).isFalse();
        assertThat(book.outboundBlocked(null, "trunk-a", T0)).isFalse();
        assertThat(book.outboundBlocked("globex", "trunk-a", T0)).isFalse();
        assertThat(book.outboundBlocked("acme", "", T0)).isTrue();
        assertThat(book.outboundBlocked("acme", null, T0)).isTrue();
    }

    @Test
    void aTrunkSuspensionDoesNotBlockACallWithoutATrunk() {
        book.put(s("t", "acme", "trunk-a", T0));
        assertThat(book.outboundBlocked("acme", "trunk-a", T0)).isTrue();
        assertThat(book.outboundBlocked("acme", "trunk-b", T0)).isFalse();
        assertThat(book.outboundBlocked("acme", "", T0)).isFalse();
        assertThat(book.activeFor("acme", null, T0)).extracting(Suspension::id).containsExactly("t");
        assertThat(book.activeFor("acme", "trunk-b", T0)).isEmpty();
    }

    @Test
    void aStartInTheFutureBlocksFromThatInstantOn() {
        Instant start = T0.plus(Duration.ofDays(8));
        book.put(s("f", "acme", null, start));
        assertThat(book.outboundBlocked("acme", "trunk-a", start.minusNanos(1))).isFalse();
        assertThat(book.outboundBlocked("acme", "trunk-a", start)).isTrue();
        assertThat(book.openFor("acme")).hasSize(1);
        assertThat(book.activeFor("acme", "trunk-a", T0)).isEmpty();
    }

    @Test
    void loadKeepsOnlyOpenSuspensionsAndEndRemovesById() {
        Suspension ended = s("e", "acme", null, T0).end(EndKind.LIFTED, "bob", T0.plusSeconds(5));
        book.put(s("old", "zed", null, T0));
        book.load(List.of(s("a", "acme", null, T0), s("b", "acme", "trunk-a", T0), ended));
        assertThat(book.size()).isEqualTo(2);
        assertThat(book.openFor("zed")).isEmpty();
        assertThat(book.get("e")).isEmpty();
        assertThat(book.end("a")).map(Suspension::id).contains("a");
        assertThat(book.end("a")).isEmpty();
        assertThat(book.outboundBlocked("acme", "trunk-b", T0)).isFalse();
        assertThat(book.outboundBlocked("acme", "trunk-a", T0)).isTrue();
        book.put(book.get("b").orElseThrow().end(EndKind.LIFTED, "bob", T0));
        assertThat(book.size()).isZero();
        assertThat(book.open()).isEmpty();
    }

    @Test
    void readersNeverSeeAHalfWrittenStateWhileWritersChurn() throws Exception {
        book.put(s("keep", "acme", null, T0));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        try {
            Future<Integer> writer = pool.submit(() -> {
                started.countDown();
                int n = 0;
                while (!stop.get() && n < 200_000) {
                    book.put(s("x" + n, "acme", "trunk-" + (n % 3), T0));
                    book.end("x" + n);
                    n++;
                }
                return n;
            });
            Future<Boolean> reader = pool.submit(() -> {
                started.await(5, TimeUnit.SECONDS);
                for (int i = 0; i < 200_000; i++) {
                    if (!book.outboundBlocked("acme", "trunk-9", T0)) return false;
                }
                return true;
            });
            assertThat(reader.get(20, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(writer.get(20, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(book.size()).isEqualTo(1);
    }
}
