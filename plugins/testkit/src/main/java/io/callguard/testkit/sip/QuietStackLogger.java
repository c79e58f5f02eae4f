package io.callguard.testkit.sip;

import gov.nist.core.StackLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * jain-sip's stack logger routed to SLF4J at DEBUG and below (logger {@code io.callguard.testkit.sip.stack}), in
 * place of log4j, which jain-sip-ri only declares "provided". Instantiated by jain-sip by reflection.
 */
public final class QuietStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.callguard.testkit.sip.stack");

    public QuietStackLogger() { }

    @Override public void logStackTrace() { }

    @Override public void logStackTrace(int traceLevel) { }

    @Override public int getLineCount() { return 0; }

    @Override public void logException(Throwable ex) { LOG.debug("jain-sip exception", ex); }

    @Override public void logDebug(String message) { LOG.trace(message); }

    @Override public void logDebug(String message, Exception ex) { LOG.trace(message, ex); }

    @Override public void logTrace(String message) { LOG.trace(message); }

    @Override public void logFatalError(String message) { LOG.warn(message); }

    @Override public void logError(String message) { LOG.debug(message); }

    @Override public boolean isLoggingEnabled() { return LOG.isDebugEnabled(); }

    @Override public boolean isLoggingEnabled(int logLevel) { return LOG.isDebugEnabled(); }

    @Override public void logError(String message, Exception ex) { LOG.debug(message, ex); }

    @Override public void logWarning(String message) { LOG.debug(message); }

    @Override public void logInfo(String message) { LOG.debug(message); }

    @Override public void disableLogging() { }

    @Override public void enableLogging() { }

    @Override public void setBuildTimeStamp(String buildTimeStamp) { }

    @Override public void setStackProperties(Properties stackProperties) { }

    @Override public String getLoggerName() { return LOG.getName(); }
}
