package io.callguard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
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
        LoadReport report = run(options);
        System.out.println("load: " + report.load() + "; " + report.warmup());
        System.out.println(report.summaryLine());
        if (report.stats().firstError() != null) System.out.println("first error: " + report.stats().firstError());
        if (options.json() != null) writeJson(report, options);
        System.exit(report.stats().decisions() > 0 && report.stats().errors() == 0 ? EXIT_OK : EXIT_ERRORS);
    }

    /** One run on a Vert.x instance of its own, closed before returning. */
    static LoadReport run(LoadOptions options) throws InterruptedException {
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
            LoadReport report = new LoadRunner(vertx, options, ami).run();
            writeLog.run();
            return report;
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

    private static void writeJson(LoadReport report, LoadOptions options) throws IOException {
        if (options.json().getParent() != null) Files.createDirectories(options.json().getParent());
        Files.writeString(options.json(), report.toJson().encodePrettily() + "\n");
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
