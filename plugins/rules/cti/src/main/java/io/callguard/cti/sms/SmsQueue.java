package io.callguard.cti.sms;

/** Where {@link SmsService} hands an SMS once it is stored: the {@link SmsDispatcher} in production. */
@FunctionalInterface
public interface SmsQueue {
    /** Takes a stored QUEUED SMS for delivery; must not block on the network. */
    void enqueue(SmsMessage sms);
}
