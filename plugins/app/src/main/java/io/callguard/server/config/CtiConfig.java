package io.callguard.server.config;

import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.calls.ClickToCallSettings;
import io.callguard.cti.ratelimit.RequestLimitSettings;
import io.callguard.cti.sip.SipSenderOptions;
import io.callguard.cti.sms.DispatchSettings;
import io.callguard.cti.sms.SmsSettings;

import java.time.Duration;

/**
 * The CTI API (R8, section {@code cti}): its own HTTP listener for the clients' business applications, separate from
 * the internal admin API.
 *
 * @param enabled      whether the CTI listener, the SMS sender and the dispatcher run (default true); API keys can be
 *                     issued through the admin API either way
 * @param host         bind address (default 127.0.0.1)
 * @param port         TCP port (default 8081; 0 = any free port)
 * @param maxBodyBytes largest request body (default 16384); larger → 413
 * @param sms          SMS acceptance: the windows (1/s and 10/min), segments, emergency numbers, idempotency period
 * @param sip          the SIP MESSAGE sender towards the operator's SMS gateway
 * @param dispatch     SMS delivery retries
 * @param callbacks    status callbacks: retries, the deadline of one attempt, whether private addresses may be reached
 * @param calls        click-to-call (outbound context, channel prefix, ring time, emergency numbers of R6)
 * @param requests     per-key request limit
 * @param keysRefreshInterval how often the API keys are reloaded from the store, so that a key revoked (or an
 *                     account deleted) on another node stops working here within this time (default 60s)
 * @param idleTimeout  a connection that sends or receives nothing this long is closed (default 30 s)
 * @param maxConnections connections open at once (default 10000); more are closed as soon as accepted
 * @param maxConnectionsPerAddress connections open at once from one source address (default 1000)
 */
public record CtiConfig(boolean enabled, String host, int port, int maxBodyBytes, SmsSettings sms,
                        SipSenderOptions sip, DispatchSettings dispatch, CallbackSettings callbacks,
                        ClickToCallSettings calls, RequestLimitSettings requests, Duration keysRefreshInterval,
                        Duration idleTimeout, int maxConnections, int maxConnectionsPerAddress) { }
