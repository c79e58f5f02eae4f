package io.callguard.siprates;

import io.callguard.core.sip.SipMessageListener;
import io.callguard.core.sip.SipMessageSeen;
import io.callguard.core.sip.SipTransactionRateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts every SIP message told by the capture: R7 per source IP, R5 per account. Runs on the collector's event
 * thread: counting only; the audit and the firewall command go to {@link SipRateActions} (its own thread).
 *
 * <p>An account over R5 is told to the {@link SipTransactionRateListener} when one is offered (the traffic module,
 * which applies the account's {@code SIP_TRANSACTION_RATE} rule: off, alert or suspend); without one, sip-rates alerts
 * itself (log, audit {@code sip-rates.alert}).
 *
 * <p>The windows run on the capture's timestamps (the rate Asterisk saw, whatever the collector's delay); the blocks'
 * since and until on the module's clock.
 */
public final class SipRateWatch implements SipMessageListener {
    private static final Logger LOG = LoggerFactory.getLogger(SipRateWatch.class);
    /** Requests that start no transaction of their own (RFC 3261 §17: ACK of a 2xx, CANCEL of a pending request). */
    private static final Set<String> NOT_TRANSACTIONS = Set.of("ACK", "CANCEL");
    /** A transaction lives at most 64 × T1 = 32 s: a retransmission of its request carries the same branch. */
    private static final long BRANCH_MEMORY_MICROS = 32_000_000;

    private final SipRatesOptions options;
    private final Clock clock;
    private final BlockList blocks;
    private final EmergencyDialogs emergencies;
    private final SipRateActions actions;
    /** Asked at each crossing, not at start: the module offering it may start after this one. */
    private final Supplier<Optional<SipTransactionRateListener>> rateListener;
    private final AccountAddresses accounts;
    private final SecondWindows perAddress;
    private final SecondWindows perAccount;
    private final ConcurrentHashMap<String, Long> branches = new ConcurrentHashMap<>();
    /** Accounts over R5 right now: one alert per crossing, not one per transaction. */
    private final Set<String> accountsOver = ConcurrentHashMap.newKeySet();
    private final Set<String> allowedOver = ConcurrentHashMap.newKeySet();
    final LongAdder messages = new LongAdder();
    final LongAdder transactions = new LongAdder();
    final LongAdder blocksCount = new LongAdder();
    /** R5 crossings, whoever acted on them (this module's alert or the listener). */
    final LongAdder transactionAlerts = new LongAdder();
    /** Of them, told to the listener. */
    final LongAdder transactionRateTold = new LongAdder();
    final LongAdder sparedAllowed = new LongAdder();
    final LongAdder sparedEmergency = new LongAdder();

    SipRateWatch(SipRatesOptions options, Clock clock, BlockList blocks, EmergencyDialogs emergencies,
                 SipRateActions actions, AccountAddresses accounts,
                 Supplier<Optional<SipTransactionRateListener>> rateListener) {
        this.options = options;
        this.clock = clock;
        this.blocks = blocks;
        this.emergencies = emergencies;
        this.actions = actions;
        this.rateListener = rateListener;
        this.accounts = accounts;
        this.perAddress = new SecondWindows(options.messagesPerSecond());
        this.perAccount = new SecondWindows(options.transactionsPerSecond());
    }

    @Override
    public void seen(SipMessageSeen m) {
        messages.increment();
        emergencies.seen(m);
        String address = m.source().getHostAddress();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, m.capturedAt());
        Instant now = clock.instant();
        if (!blocks.countIfBlocked(address, now) && perAddress.overLimit(address, micros)) overMessageRate(m, address, now);
        if (m.request() && !NOT_TRANSACTIONS.contains(m.method())) {
            String account = accounts.accountOf(address);
            if (account != null && newTransaction(m, micros)) {
                transactions.increment();
                if (perAccount.overLimit(account, micros)) {
                    if (accountsOver.add(account)) overTransactionRate(account, address, now);
                } else {
                    accountsOver.remove(account);
                }
            }
        }
    }

    /** One R5 crossing: the listener acts when there is one (no double alert), else this module alerts. */
    private void overTransactionRate(String account, String address, Instant now) {
        transactionAlerts.increment();
        int limit = options.transactionsPerSecond();
        SipTransactionRateListener listener = rateListener.get().orElse(null);
        if (listener != null) {
            try {
                listener.overTransactionRate(account, address, limit, now);
                transactionRateTold.increment();
                return;
            } catch (RuntimeException e) {
                LOG.error("the SIP transaction rate listener failed on account {}: alerting instead", account, e);
            }
        }
        actions.transactionRateAlert(account, address, limit, now);
    }

    private void overMessageRate(SipMessageSeen m, String address, Instant now) {
        if (options.allowList().contains(m.source())) {
            if (allowedOver.add(address)) {
                sparedAllowed.increment();
                LOG.warn("{} sent more than {} SIP messages in one second but is on {}: not blocked", address,
                        options.messagesPerSecond(), SipRatesOptions.ALLOW_LIST);
            }
            return;
        }
        if (emergencies.inProgressFrom(address, m.capturedAt())) {
            sparedEmergency.increment();
            LOG.warn("{} sent more than {} SIP messages in one second but carries an emergency call: not blocked",
                    address, options.messagesPerSecond());
            return;
        }
        String reason = "R7: more than " + options.messagesPerSecond() + " SIP messages in one second";
        if (blocks.block(address, reason, now, options.blockFor())) {
            blocksCount.increment();
            actions.blocked(blocks.find(address).orElseThrow());
        }
    }

    /** A request whose top Via branch was not seen in the last 32 s (a retransmission keeps its branch). */
    private boolean newTransaction(SipMessageSeen m, long micros) {
        String key = m.topViaBranch().isEmpty() ? m.callId() + ' ' + m.cseq() + ' ' + m.method() : m.topViaBranch();
        Long before = branches.put(key, micros);
        return before == null || before <= micros - BRANCH_MEMORY_MICROS;
    }

    /** Forgets idle windows, old branches, ended emergency calls and the crossings of quiet addresses. */
    void purge(Instant captureNow) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, captureNow);
        perAddress.purge(micros);
        perAccount.purge(micros);
        branches.values().removeIf(t -> t <= micros - BRANCH_MEMORY_MICROS);
        emergencies.purge(captureNow);
        allowedOver.clear();
    }

    /** The counters, for the metrics and the tests. */
    public Map<String, Long> counters() {
        return Map.of("messages", messages.sum(), "transactions", transactions.sum(), "blocks", blocksCount.sum(),
                "transactionRateAlerts", transactionAlerts.sum(), "transactionRateTold", transactionRateTold.sum(),
                "sparedAllowed", sparedAllowed.sum(),
                "sparedEmergency", sparedEmergency.sum(), "trackedAddresses", (long) perAddress.keys());
    }
}
