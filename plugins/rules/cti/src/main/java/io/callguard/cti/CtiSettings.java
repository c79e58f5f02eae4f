package io.callguard.cti;

import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.calls.ClickToCallSettings;
import io.callguard.cti.ratelimit.RequestLimitSettings;
import io.callguard.cti.sip.SipSenderOptions;
import io.callguard.cti.sms.DispatchSettings;
import io.callguard.cti.sms.SmsSettings;

import java.time.Duration;

/**
 * The CTI family's settings, as read by {@link CtiOptions#from}.
 *
 * @param enabled   whether the SMS sender, the dispatcher and the CTI routes run; API keys can be issued either way
 * @param sms       SMS acceptance: the windows (1/s and 10/min), segments, emergency numbers, idempotency period
 * @param sip       the SIP MESSAGE sender towards the operator's SMS gateway
 * @param dispatch  SMS delivery retries
 * @param callbacks status callbacks: retries, the deadline of one attempt, whether private addresses may be reached
 * @param calls     click-to-call (outbound context, channel prefix, ring time; emergency numbers added at start)
 * @param requests  per-key request limit
 * @param keysRefreshInterval how often the API keys are reloaded from the store, so that a key revoked (or an
 *                  account deleted) on another node stops working here within this time
 */
public record CtiSettings(boolean enabled, SmsSettings sms, SipSenderOptions sip, DispatchSettings dispatch,
                          CallbackSettings callbacks, ClickToCallSettings calls, RequestLimitSettings requests,
                          Duration keysRefreshInterval) { }
