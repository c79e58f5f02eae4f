package io.callguard.cti.sms;

import io.callguard.cti.callback.StatusCallbacks;
import io.callguard.cti.callback.StatusEvent;

import java.util.Objects;

/** Turns SMS status changes into status callbacks for the SMS that asked for them. */
public final class SmsCallbackNotifier implements SmsStatusListener {
    private final StatusCallbacks callbacks;

    public SmsCallbackNotifier(StatusCallbacks callbacks) { this.callbacks = Objects.requireNonNull(callbacks, "callbacks"); }

    @Override public void onStatus(SmsMessage sms, SmsStatusChange change) {
        if (sms.statusCallback() == null) return;
        callbacks.deliver(sms.statusCallback(), new StatusEvent(sms.id(), change.status().wireName(), change.at(),
                change.code()));
    }
}
