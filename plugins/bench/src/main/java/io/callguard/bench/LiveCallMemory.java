package io.callguard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap per live call of a running callguard: warms it with complete calls (hung up), takes its used heap after full
 * GCs, then brings {@code --calls} calls up and keeps them up (FastAGI decision, then the AMI frames a real Asterisk
 * 22 sends for an answered call, without the Hangups), takes the used heap again, and reports the growth per live
 * call; then hangs them all up and takes it a third time (what the hang-ups give back). The heap is read from the
 * server process with {@code jcmd <pid> GC.run} (several times) and {@code jcmd <pid> GC.heap_info}.
 *
 * <p>Run by testbed/bench/memory-bench.sh; the trunks must have room for every call (no TRUNK_FULL).
 */
public final class LiveCallMemory {
    /** Generation lines of GC.heap_info: {@code <name> total 262144K, used 12345K [...]}. */
    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final int FULL_GCS = 3;

    static final String USAGE = """
            usage: java -cp callguard-bench.jar io.callguard.bench.LiveCallMemory --port P --ami-port A --server-pid PID
                     [--calls N (10000)] [--warmup-calls N (5000)] [--concurrency C (16)] [--trunks N] [--accounts N]
                     [--admin URL --admin-token T (to read the server's own count of live calls)] [--captures DIR]
                     [--settle-ms N (2000): after the last frame, before the heap is read] [--json FILE]
            """;

    private LiveCallMemory() { }

    /** Used heap of one reading, in KiB, the raw text, and bytes per class (GC.class_histogram). */
    record Heap(long usedKiB, String text, java.util.Map<String, Long> bytesByClass) { }

    /** {@code num: instances bytes class} lines of GC.class_histogram. */
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final int TOP_CLASSES = 12;

    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv, Set.of(), Set.of("port", "ami-port", "server-pid", "calls", "warmup-calls",
                    "concurrency", "trunks", "accounts", "admin", "admin-token", "captures", "settle-ms", "json"));
            if (!a.has("port") || !a.has("ami-port") || !a.has("server-pid")) {
                throw new IllegalArgumentException("--port, --ami-port and --server-pid are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("LiveCallMemory: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        long pid = a.integer("server-pid", 0, 1, Integer.MAX_VALUE);
        int calls = a.integer("calls", 10_000, 1, 10_000_000);
        int warmupCalls = a.integer("warmup-calls", 5_000, 0, 10_000_000);
        Duration settle = Duration.ofMillis(a.integer("settle-ms", 2000, 0, 600_000));
        List<String> load = new ArrayList<>(List.of("--port", a.string("port", ""), "--ami-port",
                a.string("ami-port", ""), "--concurrency", a.string("concurrency", "16"), "--trunks",
                a.string("trunks", "8"), "--accounts", a.string("accounts", "4"), "--target", "callguard",
                "--calls", "1", "--ami-frames", "asterisk"));
        if (a.has("captures")) load.addAll(List.of("--captures", a.string("captures", "")));
        LoadOptions base = LoadOptions.parse(load.toArray(String[]::new));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(base.threads()));
        AmiCompanion ami = null;
        int code = 0;
        try {
            ami = FastAgiLoad.startAmi(vertx, base);
            BenchCall.Factory factory = new BenchCall.Factory(base.script(), base.trunks(), base.accounts());
            System.out.println("ami: " + ami.describe());

            if (warmupCalls > 0) {
                LoadReport warm = new LoadRunner(vertx, base.withCalls(warmupCalls, 0, Duration.ZERO), ami, factory).run();
                System.out.println("warm-up (calls hung up): " + warm.summaryLine());
            }
            settle(ami, settle);
            Heap before = heap(pid);
            System.out.printf(Locale.ROOT, "heap before: %d KiB used after %d full GCs%n", before.usedKiB(), FULL_GCS);

            ami.keepAnsweredCalls(true);
            LoadReport up = new LoadRunner(vertx, base.withCalls(calls, 0, Duration.ZERO), ami, factory).run();
            System.out.println("live calls brought up: " + up.summaryLine());
            settle(ami, settle);
            int kept = ami.keptCalls();
            Heap after = heap(pid);
            int tracked = a.has("admin") ? trackedCalls(a.string("admin", ""), a.string("admin-token", "")) : -1;

            FastAgiLoad.await(ami.hangUpAll().toCompletionStage().toCompletableFuture(), 60);
            settle(ami, settle);
            Heap released = heap(pid);

            long growth = (after.usedKiB() - before.usedKiB()) * 1024;
            double perCall = kept == 0 ? 0 : (double) growth / kept;
            System.out.printf(Locale.ROOT, "heap after %d live calls: %d KiB used (server tracks %s channels)%n", kept,
                    after.usedKiB(), tracked < 0 ? "?" : Integer.toString(tracked));
            System.out.print("largest growth by class, live calls up (class histogram, bytes per live call):\n"
                    + topGrowth(before, after, kept));
            System.out.printf(Locale.ROOT, "heap after hanging them up: %d KiB used%n", released.usedKiB());
            System.out.print("still held after the hang-ups (bytes per call):\n" + topGrowth(before, released, kept));
            System.out.printf(Locale.ROOT, "live calls=%d heap_before=%dKiB heap_after=%dKiB growth=%dKiB "
                            + "per_live_call=%.0fB released=%dKiB%n", kept, before.usedKiB(), after.usedKiB(),
                    growth / 1024, perCall, after.usedKiB() - released.usedKiB());
            if (a.has("json")) {
                JsonObject json = new JsonObject().put("liveCalls", kept).put("trackedChannels", tracked)
                        .put("heapBeforeKiB", before.usedKiB()).put("heapAfterKiB", after.usedKiB())
                        .put("heapAfterHangupKiB", released.usedKiB()).put("bytesPerLiveCall", Math.round(perCall))
                        .put("decisions", up.stats().decisions()).put("allowed", up.stats().verdict("ALLOW"))
                        .put("heapInfoBefore", before.text()).put("heapInfoAfter", after.text());
                Path out = Path.of(a.string("json", ""));
                if (out.getParent() != null) Files.createDirectories(out.getParent());
                Files.writeString(out, json.encodePrettily() + "\n");
            }
            if (kept < calls || up.stats().errors() > 0) {
                System.out.println("not every call was allowed and kept up (" + kept + " of " + calls
                        + "): room on the trunks? first error: " + up.stats().firstError());
                code = 3;
            }
            // the figure is per live call only if the server still tracks them all (two channels each): a
            // CoreShowChannels answered meanwhile (this play lists no channel) would have dropped them
            if (tracked >= 0 && tracked != 2 * kept) {
                System.out.println("the server tracks " + tracked + " channels, not 2 x " + kept
                        + ": it dropped live calls (a resynchronisation during the run?); per_live_call is not valid");
                code = 3;
            }
        } finally {
            if (ami != null) FastAgiLoad.awaitQuietly(ami.close().toCompletionStage().toCompletableFuture());
            FastAgiLoad.awaitQuietly(vertx.close().toCompletionStage().toCompletableFuture());
        }
        System.exit(code);
    }

    /** Waits for every frame to be written, then lets the server read and apply them. */
    private static void settle(AmiCompanion ami, Duration settle) throws InterruptedException {
        FastAgiLoad.await(ami.flushed().toCompletionStage().toCompletableFuture(), 60);
        TimeUnit.MILLISECONDS.sleep(settle.toMillis());
    }

    /** Used heap of {@code pid} after {@value #FULL_GCS} full GCs, from {@code jcmd GC.heap_info}. */
    static Heap heap(long pid) throws IOException, InterruptedException {
        for (int i = 0; i < FULL_GCS; i++) {
            jcmd(pid, "GC.run");
            TimeUnit.MILLISECONDS.sleep(200);
        }
        String info = jcmd(pid, "GC.heap_info");
        java.util.Map<String, Long> byClass = new java.util.HashMap<>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.find()) byClass.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
        }
        return new Heap(usedKiB(info), info, byClass);
    }

    /** The classes whose bytes grew most from {@code from} to {@code to}, per call. */
    static String topGrowth(Heap from, Heap to, int calls) {
        java.util.Map<String, Long> growth = new java.util.HashMap<>();
        to.bytesByClass().forEach((k, v) -> growth.put(k, v - from.bytesByClass().getOrDefault(k, 0L)));
        StringBuilder sb = new StringBuilder();
        growth.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP_CLASSES).forEach(e -> sb.append(String.format(Locale.ROOT, "  %8.1f B/call  %s%n",
                        calls == 0 ? 0.0 : (double) e.getValue() / calls, e.getKey())));
        return sb.toString();
    }

    /** Sum of the heap's generation lines' {@code used} (not Metaspace / class space). */
    static long usedKiB(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            Matcher m = USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(2));
                found = true;
            }
        }
        if (!found) throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + heapInfo);
        return used;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    /** The server's live channels (GET /admin/v1/calls). */
    private static int trackedCalls(String admin, String token) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin
                            + "/admin/v1/calls")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonArray(r.body()).size() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
