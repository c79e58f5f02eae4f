package io.callguard.server;

import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigLoader;
import io.callguard.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar callguard.jar [--config <path>]}; {@code verify-records} and {@code records-keygen} as a first
 * argument run those commands instead ({@link RecordsCommands}). Exit codes: 2 for a configuration error (one line on stderr,
 * no stack trace), 1 when start-up fails otherwise; on SIGTERM the shutdown hook stops callguard within
 * {@code shutdown.drainTimeout} plus a margin.
 */
public final class Main {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 1;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private Main() { }

    public static void main(String[] args) {
        if (RecordsCommands.handles(args)) {
            System.exit(RecordsCommands.run(args, System.getenv(), Path.of(""), System.out, System.err));
            return;
        }
        Config config;
        try {
            config = loadConfig(args, System.getenv(), Path.of(""));
        } catch (ConfigException e) {
            System.err.println("callguard: configuration error: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        LogFormat.apply(config.logging()); // before any line of the run
        Logger log = LoggerFactory.getLogger(Main.class);
        OpenFiles.check(config, log);
        CallguardApp app;
        try {
            app = CallguardApp.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException) {
                System.err.println("callguard: configuration error: " + cause.getMessage());
                System.exit(EXIT_CONFIG);
            }
            if (cause instanceof StoreException) {
                // the database is down or refuses us: the message says which and why, a stack trace adds nothing
                log.error("callguard failed to start: {}", cause.getMessage());
            } else {
                log.error("callguard failed to start: {}", cause.toString(), cause);
            }
            System.exit(EXIT_START);
            return;
        } catch (TimeoutException | InterruptedException e) {
            log.error("callguard did not start within {}", START_TIMEOUT);
            System.exit(EXIT_START);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app, log), "callguard-shutdown"));
        log.info("callguard started: fastagi {}:{}, admin http://{}:{}, cti {}, ami {}, store {}",
                config.fastAgi().host(), app.fastAgiPort(), config.admin().host(), app.adminPort(),
                app.ctiPort() < 0 ? "disabled" : "http://" + config.cti().host() + ":" + app.ctiPort(),
                !config.ami().enabled() ? "disabled" : config.ami().several()
                        ? config.ami().servers().stream().map(a -> a.name() + "@" + a.options().host() + ":"
                        + a.options().port()).collect(java.util.stream.Collectors.joining(", "))
                        : config.ami().options().host() + ":" + config.ami().options().port(),
                app.storeUrl());
    }

    /** {@code --config <path>} or {@code --config=<path>}; anything else is a usage error. */
    static Config loadConfig(String[] args, Map<String, String> env, Path workingDir) {
        String configArg = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                if (i + 1 >= args.length) throw new ConfigException("--config: a file path must follow");
                configArg = args[++i];
            } else if (a.startsWith("--config=")) {
                configArg = a.substring("--config=".length());
            } else {
                throw new ConfigException("unknown argument '" + a + "' (usage: java -jar callguard.jar [--config <path>])");
            }
        }
        Optional<Path> file = ConfigLoader.locate(configArg, env, workingDir);
        return ConfigLoader.load(file, env);
    }

    private static void stop(CallguardApp app, Logger log) {
        log.info("callguard stopping");
        Duration bound = app.config().shutdown().drainTimeout().plus(STOP_MARGIN);
        try {
            app.stop().toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            log.info("callguard stopped");
        } catch (TimeoutException e) {
            log.warn("callguard did not stop within {}; exiting anyway", bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("callguard stop failed: {}", e.getCause().toString());
        }
    }
}
