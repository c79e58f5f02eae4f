package io.callguard.credit.balance;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.state.CreditReservations;
import io.callguard.core.state.StateCalls;
import io.callguard.core.state.InMemoryCreditReservations;
import io.callguard.core.state.LeasedCreditReservations;
import io.callguard.core.state.StateLease;
import io.callguard.suspension.SuspensionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The balance side of the credit module, built at its start: the balances (loaded from the store), the billing
 * service, the threshold watch and what the module contributes from them (routes, timer, listeners). The suspension
 * service is found at first use: the suspension module starts after this one (modules start by name).
 */
public final class BalanceParts implements AutoCloseable {
    /** How often every account's amount is compared with its threshold (a threshold changed through the account routes). */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(BalanceParts.class);

    private final CreditOptions options;
    private final Balances balances;
    private final BillingService billing;
    private final ThresholdWatch watch;
    private final CreditReservations reservations;
    private final Clock clock;
    private final StateCalls state;

    private BalanceParts(CreditOptions options, Balances balances, BillingService billing, ThresholdWatch watch,
                         CreditReservations reservations, Clock clock, StateCalls state) {
        this.state = state;
        this.options = options;
        this.balances = balances;
        this.billing = billing;
        this.watch = watch;
        this.reservations = reservations;
        this.clock = clock;
    }

    /** Reads the options, loads every account's ledger from the store (blocking). */
    public static BalanceParts start(ModuleContext context) {
        CreditOptions options = CreditOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        Directory directory = context.service(Directory.class);
        CreditReservations reservations = context.find(CreditReservations.class).orElseGet(() -> {
            LOG.info("no shared credit reservations registered: this node's own, in memory");
            return new InMemoryCreditReservations();
        });
        StateLease lease = context.find(StateLease.class).orElse(null);
        // a shared backend: the credit this node's calls reserve is leased like their trunk slots (renewed by timers())
        if (lease != null) reservations = new LeasedCreditReservations(reservations, lease);
        BillingRepository repository = context.find(BillingRepository.class).orElseGet(() -> {
            LOG.warn("no billing repository registered: billing reports and payments are kept in memory only");
            return new InMemoryBillingRepository();
        });
        // the calls rated before this start are in the call records (their rating is chained with them)
        RatedSums sums = context.find(RatedSums.class)
                .or(() -> context.find(RecordRepository.class).map(records -> (RatedSums) records::ratedSince))
                .orElseGet(() -> {
                    LOG.warn("no call records store: the outstanding amounts start without the calls rated before this start");
                    return RatedSums.NONE;
                });
        AuditLog audit = context.service(AuditLog.class);
        StateCalls state = context.find(StateCalls.class).orElseGet(() -> StateCalls.defaults(clock));
        Balances balances = new Balances(directory,
                new ThresholdRule(directory, options.thresholdBaseCents(), options.thresholdPerChannelCents()),
                reservations, clock, state);
        int loaded = balances.load(repository, sums);
        ThresholdWatch watch = new ThresholdWatch(directory, balances,
                () -> context.find(SuspensionService.class), audit, clock, options.warnPercent(),
                WarningWebhook.of(options.warnWebhookUrl()));
        balances.onChange(watch::changed);
        LOG.info("credit balances loaded: {} accounts", loaded);
        return new BalanceParts(options, balances,
                new BillingService(directory, repository, sums, balances, audit, watch, clock), watch, reservations, clock,
                state);
    }

    public CreditOptions options() { return options; }

    public Balances balances() { return balances; }

    /** The write side of the balances (billing reports, payments) and its reload of other nodes' writes. */
    public BillingService billing() { return billing; }

    public CreditReservations reservations() { return reservations; }

    /** Bounds and reports the state calls of the credit policy and listeners ({@code state.timeout}). */
    public StateCalls stateCalls() { return state; }

    public ThresholdWatch watch() { return watch; }

    public List<ModuleRoute> adminRoutes() { return BalanceRoutes.admin(billing, balances, clock); }

    public List<ModuleRoute> ctiRoutes() { return BalanceRoutes.cti(balances, clock); }

    /** Every second, every account against its threshold (blocking when it suspends or lifts: on the app's workers). */
    public List<ModuleTimer> timers() {
        ModuleTimer threshold = new ModuleTimer("credit-threshold", CHECK_INTERVAL, true, watch::checkAll);
        if (!(reservations instanceof LeasedCreditReservations leased)) return List.of(threshold);
        // this node's calls' credit, renewed every third of the lease while they last (a dead node's frees within it)
        return List.of(threshold, new ModuleTimer("credit-lease-renewal", leased.lease().renewEvery(), true, () -> {
            try {
                leased.renewAll(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("credit reservation leases not renewed ({}): renewed at the next turn", e.toString());
            }
        }));
    }

    /**
     * A hung-up channel gives back the credit its decision reserved (its rating, if any, comes on its own). Heard on
     * the AMI client's event loop: not waited for, a failure counted and logged ({@link StateCalls}).
     */
    public CallTrackerListener hangups() {
        return new CallTrackerListener() {
            @Override
            public void onHangup(LiveCall call, Integer cause) {
                if (call.accountId() != null && !call.accountId().isEmpty()) {
                    state.inBackground(Balances.NAME, "release credit of " + call.accountId(),
                            reservations.releaseAsync(call.accountId(), call.uniqueId()));
                }
            }
        };
    }

    /** A deleted account's ledger and warning state go with it (the store deleted its rows). */
    public AccountRemovalListener removals() {
        return accountId -> {
            balances.drop(accountId);
            watch.drop(accountId);
            return Map.of();
        };
    }

    @Override
    public void close() { watch.close(); }
}
