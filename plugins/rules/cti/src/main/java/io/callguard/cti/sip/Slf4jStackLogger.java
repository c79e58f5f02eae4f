package io.callguard.cti.sip;

import gov.nist.core.StackLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * jain-sip's stack logger routed to SLF4J (logger {@code gov.nist.javax.sip}) instead of log4j 1.x, which jain-sip-ri
 * only declares as "provided" and callguard does not ship. Levels are shifted down (warnings to DEBUG, errors to
 * WARN): the stack is chatty (TLS notes at every start) and its "errors" are mostly about the peer. Instantiated by
 * jain-sip by reflection (public no-arg constructor).
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    public Slf4jStackLogger() { }

    @Override public void logStackTrace() { }

    @Override public void logStackTrace(int traceLevel) { }

    @Override public int getLineCount() { return 0; }

    @Override public void logException(Throwable ex) { LOG.debug("jain-sip exception", ex); }

    @Override public void logDebug(String message) { LOG.trace(message); }

    @Override public void logDebug(String message, Exception ex) { LOG.trace(message, ex); }

    @Override public void logTrace(String message) { LOG.trace(message); }

    @Override public void logFatalError(String message) { LOG.error(message); }

    @Override public void logError(String message) { LOG.warn(message); }

    @Override public boolean isLoggingEnabled() { return LOG.isDebugEnabled(); }

    @Override public boolean isLoggingEnabled(int logLevel) {
        if (logLevel <= TRACE_ERROR) return LOG.isWarnEnabled();
        if (logLevel <= TRACE_WARN) return LOG.isDebugEnabled();
        if (logLevel <= TRACE_INFO) return LOG.isDebugEnabled();
        return LOG.isTraceEnabled();
    }

    @Override public void logError(String message, Exception ex) { LOG.warn(message, ex); }

    @Override public void logWarning(String message) { LOG.debug(message); }

    @Override public void logInfo(String message) { LOG.debug(message); }

    @Override public void disableLogging() { }

    @Override public void enableLogging() { }

    @Override public void setBuildTimeStamp(String buildTimeStamp) { }

    @Override public void setStackProperties(Properties stackProperties) { }

    @Override public String getLoggerName() { return LOG.getName(); }
}
