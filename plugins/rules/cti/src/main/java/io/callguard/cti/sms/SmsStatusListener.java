package io.callguard.cti.sms;

/**
 * Hears every status an SMS enters (QUEUED at acceptance, then SENT or FAILED), once each, after it is stored:
 * the status callbacks. Must not block.
 */
@FunctionalInterface
public interface SmsStatusListener {
    SmsStatusListener NONE = (sms, change) -> { };

    void onStatus(SmsMessage sms, SmsStatusChange change);
}
