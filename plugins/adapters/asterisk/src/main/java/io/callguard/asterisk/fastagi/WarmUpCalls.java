package io.callguard.asterisk.fastagi;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.PolicyChain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warms the decision path before FastAGI listens: {@code fastagi.warmUpSessions} synthetic FastAGI sessions over
 * loopback ({@link FastAgiWarmUp}) through a throw-away chain the caller builds ({@link ChainFactory}) on a
 * directory of its own (one warm-up account, trunk and numbers) and with its own call tracker: no reservation,
 * tracked call, audit entry or FastAGI counter of the real service is touched, provided the caller gives the chain
 * fresh services too. Its clock jumps a day at each reading, so every reservation it makes has expired by the next
 * call and every session takes the same path as a first call would. The sessions cycle through an ordinary outbound
 * call, an emergency call, a call of an unknown account, and inbound calls to an ordinary and to an 089 number:
 * allow, deny and tariff-announcement paths alike.
 */
public final class WarmUpCalls {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUpCalls.class);
    private static final String ACCOUNT = "callguard-warm-up";
    private static final String TRUNK = "callguard-warm-up";
    private static final String DID = "0198765432";
    private static final String SURCHARGED_DID = "0899123456";

    /** Builds the throw-away chain over the warm-up's directory, clock and call tracker. */
    @FunctionalInterface
    public interface ChainFactory {
        PolicyChain build(Directory directory, Clock clock, CallTracker tracker);
    }

    private WarmUpCalls() { }

    /**
     * Runs the warm-up and logs one INFO line with how many sessions and how long. Never fails: a chain that
     * cannot be built (a third-party policy needing a service not provided) only skips the warm-up, with a WARN,
     * since the real chain was already built and validated.
     */
    public static Future<Void> run(Vertx vertx, FastAgiOptions options, FrenchNumberingPlan plan, ChainFactory chain) {
        int sessions = options.warmUpSessions();
        if (sessions == 0) return Future.succeededFuture();
        DecisionEngine engine;
        try {
            Clock clock = new SteppingClock(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1));
            InMemoryDirectory directory = new InMemoryDirectory();
            directory.put(new Account(ACCOUNT, ACCOUNT, Account.DEFAULT_MAX_CALL_SECONDS, 1000));
            directory.put(new Trunk(TRUNK, ACCOUNT, TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
            directory.put(new DidNumber(DID, ACCOUNT, TRUNK));
            directory.put(new DidNumber(SURCHARGED_DID, ACCOUNT, TRUNK, SpecialTariff.of(80, ChargeUnit.MINUTE)));
            CallTracker tracker = new CallTracker(clock);
            engine = new DecisionEngine(directory, plan, chain.build(directory, clock, tracker), clock, List.of(tracker));
        } catch (RuntimeException e) {
            LOG.warn("decision path not warmed up (the first calls may miss fastagi.decisionDeadline): {}", e.toString());
            return Future.succeededFuture();
        }
        return FastAgiWarmUp.run(vertx, options, engine, headers(), sessions).map(r -> {
            LOG.info("decision path warmed up before FastAGI listens: {} synthetic sessions ({} answered) in {} ms",
                    r.sessions(), r.answered(), r.took().toMillis());
            return null;
        });
    }

    private static List<String> headers() {
        return List.of(
                header("outbound", "PJSIP/" + TRUNK + "-00000001", ACCOUNT, "0140000000", "0612345678"),
                header("outbound", "PJSIP/" + TRUNK + "-00000002", ACCOUNT, "0140000000", "112"),
                header("outbound", "PJSIP/unknown-00000003", "", "0140000000", "0612345678"),
                header("inbound", "PJSIP/carrier-00000004", "", "0612345678", DID),
                header("inbound", "PJSIP/carrier-00000005", "", "0612345678", SURCHARGED_DID));
    }

    /** A header as Asterisk 22 sends it for the shipped dialplan's {@code AGI(.../<script>,${EXTEN})}. */
    private static String header(String script, String channel, String accountCode, String caller, String exten) {
        return "agi_network: yes\n"
                + "agi_network_script: " + script + "\n"
                + "agi_request: agi://127.0.0.1:4573/" + script + "\n"
                + "agi_channel: " + channel + "\n"
                + "agi_language: en\n"
                + "agi_type: PJSIP\n"
                + "agi_uniqueid: 946684800." + channel.substring(channel.length() - 1) + "\n"
                + "agi_version: 22.10.1\n"
                + "agi_callerid: " + caller + "\n"
                + "agi_calleridname: warm-up\n"
                + "agi_callingpres: 0\n"
                + "agi_callingani2: 0\n"
                + "agi_callington: 0\n"
                + "agi_callingtns: 0\n"
                + "agi_dnid: " + exten + "\n"
                + "agi_rdnis: unknown\n"
                + "agi_context: callguard-" + script + "\n"
                + "agi_extension: " + exten + "\n"
                + "agi_priority: 2\n"
                + "agi_enhanced: 0.0\n"
                + "agi_accountcode: " + accountCode + "\n"
                + "agi_threadid: 140198694999744\n"
                + "agi_arg_1: " + exten + "\n"
                + "\n";
    }

    /** A clock that moves on by {@code step} at each reading. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong readings = new AtomicLong();
        private final Instant start;
        private final Duration step;

        SteppingClock(Instant start, Duration step) {
            this.start = start;
            this.step = step;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("UTC only"); }

        @Override public Instant instant() { return start.plus(step.multipliedBy(readings.incrementAndGet())); }
    }
}
