package io.callguard.core.sip;

/**
 * Told each SIP message a capture adapter saw. Called on the adapter's event thread, at the rate of the SIP
 * traffic: it must not block and should be cheap (count, compare, hand slow work off).
 */
@FunctionalInterface
public interface SipMessageListener {
    void seen(SipMessageSeen message);
}
