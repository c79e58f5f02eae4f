package io.callguard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FastAGI load generator: drives a FastAGI server as Asterisk does, closed loop ({@code --concurrency} sessions at
 * once) or at an offered rate ({@code --rate} calls per second), for {@code --seconds} (or {@code --calls} sessions)
 * after a warm-up of {@code --warmup-calls} sessions, optionally with an emulated AMI ({@code --ami-port}) playing
 * each call's frames as a real Asterisk 22 sends them; prints one summary line and optionally writes a JSON report.
 * Exit code 0 when the window saw decisions and no error, 3 otherwise, 2 on a usage error.
 */
public final class FastAgiLoad {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_ERRORS = 3;

    private FastAgiLoad() { }

    public static void main(String[] argv) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("FastAgiLoad: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        MeasuredWindows windows = runWindows(options);
        LoadReport first = windows.windows().get(0);
        System.out.println("load: " + first.load() + "; " + first.warmup());
        for (int i = 0; i < windows.windows().size(); i++) {
            LoadReport w = windows.windows().get(i);
            if (windows.windows().size() > 1) System.out.print("window " + (i + 1) + "/" + windows.windows().size() + ": ");
            System.out.println(w.summaryLine());
            if (w.stats().firstError() != null) System.out.println("first error: " + w.stats().firstError());
        }
        if (windows.windows().size() > 1) System.out.println(windows.summaryLine());
        if (options.json() != null) writeJson(windows, options);
        System.exit(windows.clean() ? EXIT_OK : EXIT_ERRORS);
    }

    /** One run on a Vert.x instance of its own, closed before returning. */
    static LoadReport run(LoadOptions options) throws InterruptedException {
        return runWindows(options).windows().get(0);
    }

    /**
     * {@code options.windows()} measured windows in a row on a Vert.x instance of its own, closed before returning:
     * the first after the whole warm-up, each further one after a short warm-up of its own
     * ({@link LoadOptions#nextWindow()}).
     */
    static MeasuredWindows runWindows(LoadOptions options) throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.threads()));
        AmiCompanion ami = null;
        try {
            if (options.amiPort() > 0) {
                ami = startAmi(vertx, options);
                System.out.println("ami: " + ami.describe());
            }
            Runnable writeLog = callLogWriter(ami, options);
            // a run stopped by TERM (testbed/records-crash.sh ends its load once the restarted server is seen again)
            // still leaves its call log
            Thread hook = new Thread(writeLog, "call-log");
            Runtime.getRuntime().addShutdownHook(hook);
            List<LoadReport> reports = new ArrayList<>();
            reports.add(new LoadRunner(vertx, options, ami).run());
            for (int i = 1; i < options.windows(); i++) reports.add(new LoadRunner(vertx, options.nextWindow(), ami).run());
            writeLog.run();
            return new MeasuredWindows(reports);
        } finally {
            if (ami != null) awaitQuietly(ami.close().toCompletionStage().toCompletableFuture());
            awaitQuietly(vertx.close().toCompletionStage().toCompletableFuture());
        }
    }

    /** Writes the call log once (at the end, or at a TERM), when one is asked for. */
    private static Runnable callLogWriter(AmiCompanion ami, LoadOptions options) {
        java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (ami == null || options.callLog() == null || written.getAndSet(true)) return;
            // every frame sent so far written, then the times of each call
            awaitQuietly(ami.flushed().toCompletionStage().toCompletableFuture());
            try {
                ami.writeCallLog(options.callLog());
            } catch (IOException e) {
                System.err.println("cannot write the call log " + options.callLog() + ": " + e);
            }
        };
    }

    /** The AMI companion of {@code options}, started, once the server under test has logged in. */
    static AmiCompanion startAmi(Vertx vertx, LoadOptions options) throws InterruptedException {
        AmiCompanion ami = options.amiFrames() == AmiCompanion.Mode.MINIMAL ? new AmiCompanion(vertx)
                : new AmiCompanion(vertx, AmiCompanion.Mode.ASTERISK, AsteriskCallFrames.load(options.captures()),
                        options.answerDelay(), options.hold());
        if (options.callLog() != null) ami = ami.loggingCalls();
        await(ami.start(options.amiPort()).toCompletionStage().toCompletableFuture(), 10);
        waitForAmiLogin(ami, options);
        return ami;
    }

    private static void waitForAmiLogin(AmiCompanion ami, LoadOptions options) throws InterruptedException {
        long deadline = System.nanoTime() + options.amiWait().toNanos();
        while (ami.loggedInSessions() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not log into the emulated AMI on 127.0.0.1:"
                        + options.amiPort() + " within " + options.amiWait().toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        // callguard resynchronises with CoreShowChannels right after login: let that finish before loading
        TimeUnit.MILLISECONDS.sleep(500);
    }

    private static void writeJson(MeasuredWindows windows, LoadOptions options) throws IOException {
        if (options.json().getParent() != null) Files.createDirectories(options.json().getParent());
        Files.writeString(options.json(), windows.toJson().encodePrettily() + "\n");
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f, int seconds) throws InterruptedException {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out after " + seconds + " s");
        }
    }

    static void awaitQuietly(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of a run: nothing left to report
        }
    }
}
