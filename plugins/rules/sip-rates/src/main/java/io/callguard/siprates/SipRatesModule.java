package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
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
import io.callguard.core.sip.SipTransactionRateListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * R5 and R7 as one rule module: offers a {@link SipMessageListener} (the HEP collector tells it each SIP message)
 * that counts messages per source IP and transactions per account in exact sliding one-second windows; an address
 * over R7 goes on the {@link BlockList} (routes under {@code /admin/v1/blocked-addresses}, kept in the
 * {@link BlockedAddressRepository} across restarts, optional nftables set file and firewall command), an account over
 * R5 is told to the {@link SipTransactionRateListener} the traffic module offers (its {@code SIP_TRANSACTION_RATE}
 * rule: off, alert or suspend), or alerted here (log, audit, counter) when none is. R5 tells a message's account by
 * its source address: the trunks' sip-addresses ({@link AccountAddresses}, routes under
 * {@code /admin/v1/trunks/{trunkId}/sip-addresses}), else the {@code sipRates.accountAddresses} option.
 */
public final class SipRatesModule implements RuleModule {
    public static final String NAME = "sip-rates";
    private static final Logger LOG = LoggerFactory.getLogger(SipRatesModule.class);
    /** An emergency call older than this no longer protects its address (a BYE the capture lost). */
    static final Duration EMERGENCY_MAX_AGE = Duration.ofHours(4);

    private volatile Parts parts;
    private volatile Runnable unsubscribe = () -> { };
    private volatile Directory directory;

    /** What {@link #start} builds (public for the bench's intake measure, which runs the watch without the app). */
    public record Parts(SipRateWatch watch, BlockList blocks, SipRateActions actions, AccountAddresses accounts,
                        Clock clock) {
        /** R5's accounts from the option's pairs only, a block list kept in memory only, no R5 listener (the bench, tests). */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan) {
            return of(options, clock, audit, plan, optionOnly(options, audit, clock), new InMemoryBlockedAddressRepository(),
                    Optional::empty);
        }

        /** As {@link #of(SipRatesOptions, Clock, AuditLog, FrenchNumberingPlan)}, an R5 crossing told to {@code rateListener}. */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan,
                               Supplier<Optional<SipTransactionRateListener>> rateListener) {
            return of(options, clock, audit, plan, optionOnly(options, audit, clock), new InMemoryBlockedAddressRepository(),
                    rateListener);
        }

        /** As {@link #of(SipRatesOptions, Clock, AuditLog, FrenchNumberingPlan)}, the block list kept in {@code repository}. */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan,
                               BlockedAddressRepository repository) {
            return of(options, clock, audit, plan, optionOnly(options, audit, clock), repository, Optional::empty);
        }

        /**
         * Puts the blocks {@code repository} holds that are still in force at {@code clock}'s now back on the list
         * (count included); the expired ones, and those of addresses now on the allow-list, are unblocked on the
         * actions' thread. Blocks: reads the repository.
         *
         * @param accounts     R5: the account of a source address
         * @param rateListener asked at each R5 crossing (the module offering it may start after this one)
         */
        public static Parts of(SipRatesOptions options, Clock clock, AuditLog audit, FrenchNumberingPlan plan,
                               AccountAddresses accounts, BlockedAddressRepository repository,
                               Supplier<Optional<SipTransactionRateListener>> rateListener) {
            BlockList blocks = new BlockList();
            SipRateActions actions = new SipRateActions(audit, options.blockCommand(), options.unblockCommand(), blocks,
                    repository, new NftablesSetFile(options.nftables()), clock);
            restore(blocks, repository, actions, options.allowList(), clock.instant());
            SipRateWatch watch = new SipRateWatch(options, clock, blocks, new EmergencyDialogs(plan, EMERGENCY_MAX_AGE),
                    actions, accounts, rateListener);
            return new Parts(watch, blocks, actions, accounts, clock);
        }

        /** Without a directory nor stored sip-addresses: R5's accounts come from the option's pairs only. */
        private static AccountAddresses optionOnly(SipRatesOptions options, AuditLog audit, Clock clock) {
            return new AccountAddresses(new InMemoryTrunkAddressRepository(), new InMemoryDirectory(),
                    options.accountAddresses(), audit, clock);
        }

        private static void restore(BlockList blocks, BlockedAddressRepository repository, SipRateActions actions,
                                    AddressRanges allowList, Instant now) {
            List<BlockedAddress> stored;
            try {
                stored = repository.all();
            } catch (RuntimeException e) {
                // the SIP path runs without the stored list rather than not at all; the set file is left as it is
                // (rewriting it now would flush the firewall's blocks), until the next change of the list
                LOG.error("the stored blocked addresses could not be read: the block list starts empty", e);
                return;
            }
            // lifted: expired while callguard was stopped, or put on the allow-list since (a false positive)
            List<BlockedAddress> lifted = new ArrayList<>();
            for (BlockedAddress b : stored) {
                if (now.isBefore(b.until()) && !allowed(allowList, b.address())) blocks.restore(b);
                else lifted.add(b);
            }
            actions.restored(stored.size() - lifted.size(), lifted, now);
        }

        private static boolean allowed(AddressRanges allowList, String address) {
            byte[] literal = AddressRanges.literal(address);
            try {
                return literal != null && allowList.contains(InetAddress.getByAddress(literal));
            } catch (UnknownHostException e) {
                return false;
            }
        }

        /** Ends the actions' thread, after the queued actions and a last store of the blocks' counts. */
        public void close() {
            actions.storeCounts();
            actions.close();
        }

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
        Clock clock = context.service(Clock.class);
        AuditLog audit = context.service(AuditLog.class);
        Directory dir = context.service(Directory.class);
        TrunkAddressRepository trunkAddresses = context.find(TrunkAddressRepository.class).orElseGet(() -> {
            LOG.warn("no trunk address repository registered: the trunks' sip-addresses are kept in memory only");
            return new InMemoryTrunkAddressRepository();
        });
        AccountAddresses accounts = new AccountAddresses(trunkAddresses, dir, options.accountAddresses(), audit, clock);
        LOG.info("sip-addresses of {} trunk(s) loaded", accounts.load()); // blocking: modules start off the event threads
        // addresses written on another node: every trunk's read again (small table)
        context.find(io.callguard.core.cluster.ChangeFeed.class).ifPresent(feed -> {
            accounts.publishChangesTo(feed);
            unsubscribe = feed.subscribe(AccountAddresses.CHANGES,
                    io.callguard.core.cluster.ChangeListener.reloading(accounts::load));
        });
        BlockedAddressRepository blocked = context.find(BlockedAddressRepository.class).orElseGet(() -> {
            LOG.warn("no blocked-address repository registered: the block list is kept in memory only (a restart forgets it)");
            return new InMemoryBlockedAddressRepository();
        });
        directory = dir;
        parts = Parts.of(options, clock, audit, plan, accounts, blocked,
                () -> context.find(SipTransactionRateListener.class));
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
        unsubscribe.run();
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
