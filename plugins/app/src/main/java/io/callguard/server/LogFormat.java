package io.callguard.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.callguard.core.calls.CallMdc;
import io.callguard.server.config.Config;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code logging.format}: {@code text} keeps logback.xml's pattern; {@code json} writes each console line as one JSON
 * object (logstash-logback-encoder: {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name},
 * {@code message}, {@code stack_trace}), with the call a line is about as {@code uniqueId} and {@code accountId}
 * fields (from the MDC: {@link CallMdc}). Only those two MDC keys are written, and nothing of the logger context (its
 * properties): what a line carries is what callguard logs, which never holds a secret.
 */
public final class LogFormat {
    /** The console appender of logback.xml. */
    static final String CONSOLE = "CONSOLE";

    private LogFormat() { }

    /** Switches the console appender to {@code logging}'s format; nothing to do for text (or another backend). */
    public static void apply(Config.Logging logging) {
        if (!logging.json()) return;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE);
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) return;
        console.stop();
        console.setEncoder(jsonEncoder(context));
        console.start();
    }

    /** The JSON encoder of {@code logging.format: json}, started. */
    public static LogstashEncoder jsonEncoder(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setIncludeContext(false);
        encoder.setIncludeMdcKeyNames(List.of(CallMdc.UNIQUE_ID, CallMdc.ACCOUNT_ID));
        encoder.start();
        return encoder;
    }
}
