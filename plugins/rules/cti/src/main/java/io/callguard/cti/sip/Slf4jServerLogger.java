package io.callguard.cti.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.SipStack;
import java.util.Properties;

/**
 * jain-sip's message log routed to SLF4J at TRACE (logger {@code io.callguard.cti.sip.messages}), replacing its
 * default file log: only the first line and Call-ID of each message, never the body, which is the SMS text.
 */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.callguard.cti.sip.messages");

    public Slf4jServerLogger() { }

    @Override public void closeLogFile() { }

    @Override public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    @Override public void logException(Exception ex) { LOG.debug("jain-sip message log exception", ex); }

    @Override public void setStackProperties(Properties stackProperties) { }

    @Override public void setSipStack(SipStack sipStack) { }

    private static void log(SIPMessage m, String from, String to, boolean sender) {
        if (!LOG.isTraceEnabled() || m == null) return;
        String first = m.getFirstLine() == null ? "" : m.getFirstLine().strip();
        String callId = m.getCallId() == null ? "?" : m.getCallId().getCallId();
        LOG.trace("{} {} [{}]", sender ? "sent to " + to : "received from " + from, first, callId);
    }
}
