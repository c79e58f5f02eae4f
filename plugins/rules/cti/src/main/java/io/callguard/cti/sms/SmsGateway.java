package io.callguard.cti.sms;

import java.util.concurrent.CompletionStage;

/**
 * Sends one attempt of an SMS to the operator's SMS gateway: {@link io.callguard.cti.sip.SipMessageSender} (SIP
 * MESSAGE) in production. Must not block on the answer; the stage completes off the network thread.
 */
@FunctionalInterface
public interface SmsGateway {
    /**
     * @param attempt 1 for the first attempt of this SMS (carried as CSeq so retries are told apart)
     */
    CompletionStage<GatewayResult> send(SmsMessage sms, int attempt);
}
