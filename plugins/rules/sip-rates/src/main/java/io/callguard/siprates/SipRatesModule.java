package io.callguard.siprates;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * R5 and R7 as one rule module: offers a {@link SipMessageListener} (the HEP collector tells it each SIP message)
 * that counts messages per source IP and transactions per account in exact sliding one-second windows; an address
 * over R7 goes on the {@link BlockList} (routes under {@code /admin/v1/blocked-addresses}, optional firewall command),
 * an account over R5 is alerted (log, audit, counter; the automatic suspension is not wired yet). R5 tells a message's
 * account by its source address: the trunks' sip-addresses ({@link AccountAddresses}, routes under
 * {@code /admin/v1/trunks/{trunkId}/sip-addresses}), else the {@code sipRates.accountAddresses} option.
 */
public final class SipRatesModule implements RuleModule {
    public static final String NAME = "sip-rates";
    /** An emergency call older than this no longer protects its address (a BYE the capture lost). */
    static final Duration EMERGENCY_MAX_AGE = Duration.ofHours(4);

    private static final Logger LOG = LoggerFactory.getLogger(SipRatesModule.class);

    private volatile Parts parts;
    private volatile Directory directory;

    /** What {@link #start} builds (public for the bench's intake measure, which runs the watch without the app). */
    public record Parts(SipRateWatch watch, BlockList blocks, SipRateActions actions, AccountAddresses accounts,
                        Clock clock) {
        /** Without a directory nor stored sip-addresses: R5's accounts come from the option's pairs only. */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan) {
            return of(options, clock, audit, plan, new AccountAddresses(new InMemoryTrunkAddressRepository(),
                    new InMemoryDirectory(), options.accountAddresses(), audit, clock));
        }

        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan,
                               AccountAddresses accounts) {
            BlockList blocks = new BlockList();
            SipRateActions actions = new SipRateActions(audit, options.blockCommand(), options.unblockCommand());
            SipRateWatch watch = new SipRateWatch(options, clock, blocks, new EmergencyDialogs(plan, EMERGENCY_MAX_AGE),
                    actions, accounts);
            return new Parts(watch, blocks, actions, accounts, clock);
        }

        /** Expired blocks leave the list (the unblock command runs), idle windows are forgotten. */
        /** Ends the actions' thread, after the queued actions. */
        public void close() { actions.close(); }

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
        Clock clock = context.service(Clock.class);
        AuditLog audit = context.service(AuditLog.class);
        Directory dir = context.service(Directory.class);
        TrunkAddressRepository repository = context.find(TrunkAddressRepository.class).orElseGet(() -> {
            LOG.warn("no trunk address repository registered: the trunks' sip-addresses are kept in memory only");
            return new InMemoryTrunkAddressRepository();
        });
        AccountAddresses accounts = new AccountAddresses(repository, dir, options.accountAddresses(), audit, clock);
        LOG.info("sip-addresses of {} trunk(s) loaded", accounts.load()); // blocking: modules start off the event threads
        directory = dir;
        parts = Parts.of(options, clock, audit, plan, accounts);
    }

    @Override
    public Map<Class<?>, Object> services() {
        Parts p = parts;
        return p == null ? Map.of() : Map.of(SipMessageListener.class, p.watch(), BlockList.class, p.blocks(),
                AccountAddresses.class, p.accounts(), TrunkRemovalListener.class, p.accounts());
    }

    @Override
    public List<ModuleTimer> timers() {
        return List.of(new ModuleTimer("sip-rates-expiry", Duration.ofSeconds(1), false, requireStarted()::tick));
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        Parts p = requireStarted();
        List<ModuleRoute> routes = new ArrayList<>(BlockedAddressRoutes.of(p.blocks(), p.actions(), p.clock()));
        routes.addAll(TrunkAddressRoutes.of(directory, p.accounts()));
        return routes;
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
