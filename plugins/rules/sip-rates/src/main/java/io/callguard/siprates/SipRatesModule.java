package io.callguard.siprates;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageListener;
import io.callguard.core.sip.SipTransactionRateListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * R5 and R7 as one rule module: offers a {@link SipMessageListener} (the HEP collector tells it each SIP message)
 * that counts messages per source IP and transactions per account in exact sliding one-second windows; an address
 * over R7 goes on the {@link BlockList} (routes under {@code /admin/v1/blocked-addresses}, optional firewall command),
 * an account over R5 is told to the {@link SipTransactionRateListener} the traffic module offers (its
 * {@code SIP_TRANSACTION_RATE} rule: off, alert or suspend), or alerted here (log, audit, counter) when none is.
 */
public final class SipRatesModule implements RuleModule {
    public static final String NAME = "sip-rates";
    /** An emergency call older than this no longer protects its address (a BYE the capture lost). */
    static final Duration EMERGENCY_MAX_AGE = Duration.ofHours(4);

    private volatile Parts parts;

    /** What {@link #start} builds (public for the bench's intake measure, which runs the watch without the app). */
    public record Parts(SipRateWatch watch, BlockList blocks, SipRateActions actions, Clock clock) {
        /** Without an R5 listener: an account over R5 is alerted by this module. */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan) {
            return of(options, clock, audit, plan, Optional::empty);
        }

        /** @param rateListener asked at each R5 crossing (the module offering it may start after this one) */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan,
                               Supplier<Optional<SipTransactionRateListener>> rateListener) {
            BlockList blocks = new BlockList();
            SipRateActions actions = new SipRateActions(audit, options.blockCommand(), options.unblockCommand());
            SipRateWatch watch = new SipRateWatch(options, clock, blocks, new EmergencyDialogs(plan, EMERGENCY_MAX_AGE),
                    actions, rateListener);
            return new Parts(watch, blocks, actions, clock);
        }

        /** Ends the actions' thread, after the queued actions. */
        public void close() { actions.close(); }

        /** Expired blocks leave the list (the unblock command runs), idle windows are forgotten. */
        public void tick() {
            Instant now = clock.instant();
            blocks.expire(now, b -> actions.unblocked(b, SipRateActions.ACTOR, now, "expired"));
            watch.purge(now);
        }
    }

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return SipRatesOptions.OPTIONS; }

    @Override
    public void start(ModuleContext context) {
        SipRatesOptions options = SipRatesOptions.from(context.config());
        FrenchNumberingPlan plan = context.find(FrenchNumberingPlan.class).orElseGet(FrenchNumberingPlan::withDefaults);
        parts = Parts.of(options, context.service(Clock.class), context.service(AuditLog.class), plan,
                () -> context.find(SipTransactionRateListener.class));
    }

    @Override
    public Map<Class<?>, Object> services() {
        Parts p = parts;
        return p == null ? Map.of() : Map.of(SipMessageListener.class, p.watch(), BlockList.class, p.blocks());
    }

    @Override
    public List<ModuleTimer> timers() {
        return List.of(new ModuleTimer("sip-rates-expiry", Duration.ofSeconds(1), false, requireStarted()::tick));
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        Parts p = requireStarted();
        return BlockedAddressRoutes.of(p.blocks(), p.actions(), p.clock());
    }

    @Override
    public void stop() {
        Parts p = parts;
        parts = null;
        if (p != null) p.close();
    }

    private Parts requireStarted() {
        Parts p = parts;
        if (p == null) throw new IllegalStateException(NAME + " is not started");
        return p;
    }
}
