package io.callguard.asterisk.fastagi;

import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Vertx;

import java.util.function.Consumer;

/** What every session shares with its server: settings, the engine, counters, the throttled logs, the meters. */
record SessionSupport(Vertx vertx, FastAgiOptions options, DecisionEngine engine, FastAgiCounters counters,
                      RateLimitedLog peerWarnings, UnknownScriptLog unknownScripts, Consumer<AgiSession> onClosed,
                      AgiAttribution attribution, FastAgiMetrics metrics) {
    /** One Asterisk server, without metrics (the warm-up's sessions are never counted). */
    SessionSupport(Vertx vertx, FastAgiOptions options, DecisionEngine engine, FastAgiCounters counters,
                   RateLimitedLog peerWarnings, UnknownScriptLog unknownScripts, Consumer<AgiSession> onClosed) {
        this(vertx, options, engine, counters, peerWarnings, unknownScripts, onClosed, AgiAttribution.SINGLE,
                FastAgiMetrics.none());
    }
}
