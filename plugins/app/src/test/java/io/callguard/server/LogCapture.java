package io.callguard.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Records every log event that reaches the root logger while open: level, logger and formatted message. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** {@code "WARN io.callguard.…: message"}, one entry per event. */
    public List<String> events() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            out.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage());
        }
        return out;
    }

    @Override public void close() { root.detachAppender(appender); }
}
