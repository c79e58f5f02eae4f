package io.callguard.redis;

import io.callguard.core.limits.Allocations;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateBackend;
import io.callguard.core.state.WindowCheck;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract on the Redis of this machine ({@code CALLGUARD_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379/0}),
 * each test in a namespace of its own that it deletes afterwards; plus what only a shared backend shows: two nodes
 * (two clients) counting together, NOSCRIPT recovery, and a Redis that never answers. Skipped when Redis is down,
 * unless {@code CI=true}.
 */
class RedisStateBackendTest extends StateBackendContract {
    private static final String URL = env("CALLGUARD_TEST_REDIS_URL", RedisStateOptions.DEFAULT_URL);
    /** Why Redis cannot be used, or null when it can. */
    private static String unavailable;
    private static Vertx vertx;
    private static Redis admin;

    private final String namespace = "cgtest-" + UUID.randomUUID().toString().substring(0, 12);
    private final List<RedisStateBackend> opened = new ArrayList<>();
    private StateBackend backend;

    @BeforeAll
    static void probeRedis() throws Exception {
        RedisStateOptions options = RedisStateOptions.of(URL);
        java.net.URI uri = new java.net.URI(options.url());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
            unavailable = null;
        } catch (IOException e) {
            unavailable = "Redis not reachable at " + options.redactedUrl() + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) fail(unavailable + ": CI=true makes this a failure");
            return;
        }
        vertx = Vertx.vertx();
        admin = Redis.createClient(vertx, URL);
    }

    @AfterAll
    static void closeVertx() throws Exception {
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // Per test rather than in @BeforeAll, so that Surefire counts and shows the skipped tests.
    @BeforeEach
    void assumeRedis() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable + ": skipping; set CI=true to make this a failure");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        for (RedisStateBackend b : opened) b.close();
        if (unavailable != null) return;
        assertThat(redisKeys()).as("test keys are deleted").allSatisfy(k -> assertThat(k).startsWith(namespace + ":"));
        for (String key : redisKeys()) send(Request.cmd(Command.DEL).arg(key));
    }

    @Override
    StateBackend backend() {
        if (backend == null) backend = node(namespace).state();
        return backend;
    }

    /** One more node: its own client (own connections) on the same Redis. */
    private RedisStateBackend node(String ns) {
        RedisStateBackend b = RedisStateBackend.open(vertx, RedisStateOptions.of(URL).withNamespace(ns)
                // generous: the machine is shared and loaded; the timeout itself is tested on a silent server
                .withCommandTimeout(Duration.ofSeconds(5)), clock);
        opened.add(b);
        return b;
    }

    private List<String> redisKeys() throws Exception {
        List<String> out = new ArrayList<>();
        for (Response r : send(Request.cmd(Command.KEYS).arg(namespace + ":*"))) out.add(r.toString());
        return out;
    }

    private static Response send(Request r) throws Exception {
        return admin.send(r).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoHundredAllocationsSplitAcrossTwoNodesGrantExactlyTwo() throws Exception {
        Allocations a = backend().allocations();
        Allocations b = node(namespace).state().allocations();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Allocations node = i % 2 == 0 ? a : b;
            results.add(node.allocateAsync(TRUNK, "call-" + i, 2, T0.plusSeconds(7500), T0).toCompletableFuture());
        }
        int granted = 0;
        for (CompletableFuture<Boolean> f : results) if (f.get(20, TimeUnit.SECONDS)) granted++;
        assertThat(granted).isEqualTo(2);
        assertThat(b.inUse(TRUNK, T0)).isEqualTo(2);
        String holder = a.holders(TRUNK, T0).get(0).holder();
        assertThat(b.releaseAsync(TRUNK, holder).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("a hang-up seen by the other node frees exactly one slot").isTrue();
        assertThat(a.inUse(TRUNK, T0)).isEqualTo(1);
        assertThat(a.allocate(TRUNK, "next", 2, T0.plusSeconds(7500), T0)).isTrue();
        assertThat(b.allocate(TRUNK, "after", 2, T0.plusSeconds(7500), T0)).isFalse();
    }

    @Test
    void concurrentAllocateAndReleaseOnTwoNodesNeverExceedTheLimit() throws Exception {
        Allocations[] nodes = {backend().allocations(), node(namespace).state().allocations()};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> maxSeen = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                maxSeen.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int max = 0;
                    for (int i = 0; i < 60; i++) {
                        Allocations node = nodes[(thread + i) % 2];
                        String holder = thread + "." + i;
                        if (node.allocate(TRUNK, holder, 3, T0.plusSeconds(60), T0)) {
                            max = Math.max(max, nodes[(thread + i + 1) % 2].inUse(TRUNK, T0));
                            node.release(TRUNK, holder);
                        }
                    }
                    return max;
                }));
            }
            start.countDown();
            int overall = 0;
            for (Future<Integer> f : maxSeen) {
                int max = f.get(60, TimeUnit.SECONDS);
                assertThat(max).as("holders seen by the other node").isBetween(0, 3);
                overall = Math.max(overall, max);
            }
            assertThat(overall).isBetween(1, 3);
            assertThat(nodes[0].inUse(TRUNK, T0)).isZero();
            assertThat(nodes[1].resources()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thirtySmsSplitAcrossTwoNodesRecordExactlyOne() throws Exception {
        SlidingWindows a = backend().slidingWindows();
        SlidingWindows b = node(namespace).state().slidingWindows();
        List<CompletableFuture<WindowCheck>> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add((i % 2 == 0 ? a : b).tryRecordAsync("sms:acme", SMS, T0.plusMillis(i)).toCompletableFuture());
        }
        int recorded = 0;
        for (CompletableFuture<WindowCheck> f : attempts) if (f.get(20, TimeUnit.SECONDS).recorded()) recorded++;
        assertThat(recorded).isEqualTo(1);
        // 10 more spaced 1.1 s apart alternating nodes: the 11th in the minute is refused by the 10/min window
        Instant t = T0;
        for (int i = 1; i < 10; i++) {
            t = t.plusMillis(1100);
            assertThat((i % 2 == 0 ? a : b).tryRecord("sms:acme", SMS, t).recorded()).as("SMS %d", i + 1).isTrue();
        }
        WindowCheck eleventh = a.tryRecord("sms:acme", SMS, t.plusMillis(1100));
        assertThat(eleventh.recorded()).isFalse();
        assertThat(eleventh.refusingIndex()).isEqualTo(1);
    }

    @Test
    void keysCarryATtlALittleAfterTheirLatestExpiry() throws Exception {
        backend().allocations().allocate(TRUNK, "a", 2, T0.plusSeconds(100), T0);
        backend().slidingWindows().tryRecord("sms:acme", SMS, T0);
        for (String key : redisKeys()) {
            long ttl = send(Request.cmd(Command.PTTL).arg(key)).toLong();
            assertThat(ttl).as("TTL of %s", key).isPositive().isLessThanOrEqualTo(100_000 + RedisStateClient.GRACE_MS);
        }
        long allocTtl = send(Request.cmd(Command.PTTL).arg(namespace + ":alloc:exp:" + TRUNK)).toLong();
        assertThat(allocTtl).isGreaterThan(100_000);
    }

    @Test
    void aFlushedScriptCacheIsReloadedByEval() throws Exception {
        assertThat(backend().allocations().allocate(TRUNK, "a", 1, T0.plusSeconds(10), T0)).isTrue();
        send(Request.cmd(Command.SCRIPT).arg("FLUSH"));
        assertThat(backend().allocations().allocate(TRUNK, "b", 1, T0.plusSeconds(10), T0)).isFalse();
        assertThat(backend().allocations().allocate(TRUNK, "a", 1, T0.plusSeconds(10), T0)).isTrue();
    }

    @Test
    void namespacesDoNotSeeEachOther() {
        backend().allocations().allocate(TRUNK, "a", 1, T0.plusSeconds(10), T0);
        String other = namespace + "-other";
        try {
            assertThat(node(other).state().allocations().allocate(TRUNK, "b", 1, T0.plusSeconds(10), T0)).isTrue();
        } finally {
            node(other).state().allocations().releaseResource(TRUNK);
        }
    }

    @Test
    void aRedisThatNeverAnswersFailsTheAsyncWithinTheTimeoutAndTheSyncThrows() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accepts and never replies
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            RedisStateBackend dead = RedisStateBackend.open(vertx, RedisStateOptions.of("redis://127.0.0.1:"
                    + silent.getLocalPort() + "/0").withNamespace(namespace).withCommandTimeout(Duration.ofMillis(200)), clock);
            opened.add(dead);
            long start = System.nanoTime();
            CompletableFuture<Boolean> decision = dead.state().allocations()
                    .allocateAsync(TRUNK, "a", 2, T0.plusSeconds(10), T0).toCompletableFuture();
            assertThatThrownBy(() -> decision.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RedisStateException.class).hasMessageContaining("did not answer");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMs).as("failed at the 200 ms timeout, not later").isBetween(150L, 1500L);
            assertThatThrownBy(() -> dead.state().slidingWindows().tryRecord("sms:acme", SMS, T0))
                    .isInstanceOf(RedisStateException.class);
            assertThatThrownBy(() -> dead.state().idempotencyKeys().get("k", T0)).isInstanceOf(RedisStateException.class);
            silent.close();
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void theHeartbeatKeepsTheLiveNodesAndDropsTheOnesThatStoppedRenewing() throws Exception {
        RedisStateBackend a = node(namespace);
        RedisStateBackend b = node(namespace);
        assertThat(a.heartbeat("node-a", T0, T0.plusSeconds(30)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("node-a");
        assertThat(b.heartbeat("node-b", T0, T0.plusSeconds(30)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("node-a", "node-b");
        // node-b renews, node-a does not: past its expiry it is gone
        assertThat(b.heartbeat("node-b", T0.plusSeconds(31), T0.plusSeconds(61)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("node-b");
        assertThat(send(Request.cmd(Command.PTTL).arg(namespace + ":nodes")).toLong()).as("the key vanishes by itself")
                .isPositive();
    }

    @Test
    void withTheLocalFallbackARedisThatNeverAnswersCostsOneCommandTimeoutThenTheNodeDecidesAloneUntilAProbeSucceeds()
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accepts and never replies
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            RedisStateBackend slow = RedisStateBackend.open(vertx, RedisStateOptions.of("redis://127.0.0.1:"
                    + silent.getLocalPort() + "/0").withNamespace(namespace).withCommandTimeout(Duration.ofMillis(200)), clock);
            opened.add(slow);
            io.callguard.core.state.FallbackState node = new io.callguard.core.state.FallbackState(
                    slow.state().allocations(), slow.state().slidingWindows(), true,
                    now -> slow.heartbeat("node-a", now, now.plusSeconds(30)), "node-a", clock);
            // the decision at hand: Redis fails it at its command timeout, the local count answers it
            assertThat(node.allocations().allocateAsync(TRUNK, "a|1", 2, T0.plusSeconds(60), T0).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(node.status()).isEqualTo("LOCAL_FALLBACK");
            // the next ones never wait for Redis: answered at once
            CompletableFuture<Boolean> next = node.allocations().allocateAsync(TRUNK, "a|2", 2, T0.plusSeconds(60), T0)
                    .toCompletableFuture();
            assertThat(next).isCompletedWithValue(true);
            assertThat(node.allocations().allocateAsync(TRUNK, "a|3", 2, T0.plusSeconds(60), T0).toCompletableFuture())
                    .isCompletedWithValue(false);
            // a probe that gets no answer leaves it so
            node.probe().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(node.inFallback()).isTrue();
            node.close();
            silent.close();
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void optionsAreValidatedWithPreciseMessages() {
        assertThatThrownBy(() -> RedisStateOptions.of("http://x")).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisStateOptions.of(" ")).hasMessageContaining("state.redis.url is required");
        assertThatThrownBy(() -> RedisStateOptions.defaults().withNamespace("a b")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> RedisStateOptions.defaults().withCommandTimeout(Duration.ZERO))
                .hasMessageContaining("state.redis.commandTimeout must be positive");
        assertThatThrownBy(() -> RedisStateOptions.defaults().withPool(0, 1)).hasMessageContaining("state.redis.maxPoolSize");
        assertThat(RedisStateOptions.of("redis://:secret@h:6379/0").redactedUrl()).doesNotContain("secret");
        assertThat(RedisStateOptions.defaults().commandTimeout()).isEqualTo(Duration.ofMillis(100));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
