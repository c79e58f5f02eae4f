package io.callguard.testkit.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

import javax.sip.SipStack;
import java.util.Properties;

/** jain-sip's message log switched off (its default writes a file). Instantiated by jain-sip by reflection. */
public final class QuietServerLogger implements ServerLogger {
    public QuietServerLogger() { }

    @Override public void closeLogFile() { }

    @Override public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) { }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) { }

    @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) { }

    @Override public void logException(Exception ex) { }

    @Override public void setStackProperties(Properties stackProperties) { }

    @Override public void setSipStack(SipStack sipStack) { }
}
