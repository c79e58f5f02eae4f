package io.callguard.cti.sms;

import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.state.StateUnavailableException;
import io.callguard.cti.AccountStatus;
import io.callguard.cti.callback.CallbackUrls;
import io.callguard.cti.keys.ApiKeyPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Accepts CTI SMS (R8). Checks, in order:
 * <ol>
 * <li>validation: {@code to} a dialable number, the text (encoding, at most maxSegments), the callback URL, the
 *     Idempotency-Key;</li>
 * <li>{@code from} is one of the principal's account numbers ({@link Directory#numbersOf});</li>
 * <li>idempotency: the same key from the same account within 24 h returns the original SMS (or a mismatch if the
 *     content differs) before any limit or suspension is looked at, so a client retrying an accepted request after
 *     a lost reply gets its 202 again, never a 429 or 403 for an SMS that is on its way;</li>
 * <li>an emergency recipient (114 by default) skips the next two checks and is not counted;</li>
 * <li>suspension ({@link AccountStatus}, for the account or the sender number's line);</li>
 * <li>the rate windows ({@link SmsRateLimiter}: 1/s and 10/min, exact, atomic; a state backend that fails or does
 *     not answer within {@code state.timeout} refuses the SMS with 503, nothing counted);</li>
 * <li>storage ({@link SmsRepository#insert}) before returning, then hand-off to the {@link SmsQueue}.</li>
 * </ol>
 * Steps 3 to 7 hold a per-account lock (striped), so two requests with the same Idempotency-Key cannot both create
 * an SMS on this node; across nodes the repository's unique key does ({@link DuplicateSmsException}). A counted
 * rate slot is given back when storage fails or the insert turns out to be a replay. The Idempotency-Key is kept
 * only with the SMS in the repository, which is its durable truth (a replay after a restart must still find the
 * original), so no in-memory copy of it exists to move onto the state port's idempotency keys.
 *
 * <p>Blocking (the repository): call it off the event loop.
 */
public final class SmsService {
    private static final Logger LOG = LoggerFactory.getLogger(SmsService.class);
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int STRIPES = 64;
    /** Refusal lines written per minute at most: a client retrying a refused SMS in a loop must not flood the log. */
    private static final int REFUSED_LINES_PER_MINUTE = 20;

    private final Directory directory;
    private final AccountStatus accountStatus;
    private final SmsRateLimiter limiter;
    private final SmsRepository repository;
    private final SmsQueue queue;
    private final SmsStatusListener listener;
    private final SmsSettings settings;
    private final SmsText smsText;
    private final FrenchNumberingPlan recipientPlan;
    private final FrenchNumberingPlan senderPlan = FrenchNumberingPlan.withDefaults();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, REFUSED_LINES_PER_MINUTE, 60_000);

    private volatile java.util.function.Consumer<SmsAcceptance> outcomes = o -> { };

    public SmsService(Directory directory, AccountStatus accountStatus, SmsRateLimiter limiter,
                      SmsRepository repository, SmsQueue queue, SmsStatusListener listener, SmsSettings settings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.accountStatus = Objects.requireNonNull(accountStatus, "accountStatus");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.smsText = new SmsText(settings.maxSegments());
        // only the SMS emergency list makes a recipient an emergency one: 15 or 17 are not SMS services
        this.recipientPlan = new FrenchNumberingPlan(settings.emergencyNumbers());
        for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
    }

    public SmsSettings settings() { return settings; }

    /** Accepts or refuses {@code request} of {@code principal} at {@code now}; see the class comment for the order. */
    public SmsAcceptance accept(ApiKeyPrincipal principal, SendSms request, Instant now) {
        SmsAcceptance outcome = decide(principal, request, now);
        outcomes.accept(outcome);
        return outcome;
    }

    /** Hears the outcome of every {@link #accept} that returned one (the module's metrics); must not block. */
    public void observeOutcomes(java.util.function.Consumer<SmsAcceptance> observer) {
        this.outcomes = Objects.requireNonNull(observer, "observer");
    }

    private SmsAcceptance decide(ApiKeyPrincipal principal, SendSms request, Instant now) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");

        if (blank(request.to())) return new SmsAcceptance.Invalid("to", "to is required");
        ClassifiedNumber to = recipientPlan.classify(request.to());
        if (to.category() == NumberCategory.INVALID) {
            return new SmsAcceptance.Invalid("to", "to is not a valid number: '" + request.to() + "'");
        }
        Optional<String> textProblem = smsText.problem(request.text());
        if (textProblem.isPresent()) return new SmsAcceptance.Invalid("text", textProblem.get());
        String callback = blank(request.statusCallback()) ? null : request.statusCallback().strip();
        if (callback != null) {
            Optional<String> p = CallbackUrls.problem(callback);
            if (p.isPresent()) return new SmsAcceptance.Invalid("statusCallback", p.get());
        }
        String idem = request.idempotencyKey();
        if (idem != null) {
            Optional<String> p = idempotencyKeyProblem(idem);
            if (p.isPresent()) return new SmsAcceptance.Invalid("Idempotency-Key", p.get());
        }
        if (blank(request.from())) return new SmsAcceptance.Invalid("from", "from is required");
        Optional<DidNumber> from = senderNumber(principal.accountId(), request.from());
        if (from.isEmpty()) return new SmsAcceptance.NotYourNumber(request.from());

        String fromNumber = from.get().number();
        TextAnalysis analysis = SmsText.analyze(request.text());
        ReentrantLock lock = stripes[Math.floorMod(principal.accountId().hashCode(), STRIPES)];
        SmsMessage accepted;
        lock.lock();
        try {
            Instant cutoff = now.minus(settings.idempotencyPeriod());
            if (idem != null) {
                Optional<SmsMessage> earlier = repository.findByIdempotencyKey(principal.accountId(), idem, cutoff);
                if (earlier.isPresent()) return replay(earlier.get(), fromNumber, to.normalized(), request, callback);
            }
            boolean emergency = to.isEmergency();
            RateCheck slot = null;
            if (!emergency) {
                Optional<String> blocked = accountStatus.blockedReason(principal.accountId(), from.get().trunkId(), now);
                if (blocked.isPresent()) {
                    refusedLog.info("SMS of account {} refused: outbound traffic blocked ({})", principal.accountId(),
                            blocked.get());
                    return new SmsAcceptance.Suspended(blocked.get());
                }
                try {
                    slot = limiter.tryAcquire(principal.accountId(), now);
                } catch (StateUnavailableException e) {
                    // R8 cannot be checked: refused for a retry, never sent uncounted (logged by the limiter)
                    return new SmsAcceptance.StateUnavailable(1);
                }
                if (!slot.granted()) {
                    return new SmsAcceptance.RateLimited(slot.window().name(), slot.retryAfterSeconds(), slot.waitTime(),
                            settings.article());
                }
            }
            SmsMessage sms = SmsMessage.queued("sms_" + UUID.randomUUID(), principal.accountId(), principal.keyId(),
                    fromNumber, to.normalized(), request.text(), analysis, emergency, idem, callback, now);
            try {
                repository.insert(sms, cutoff);
            } catch (DuplicateSmsException e) {
                if (slot != null) limiter.release(principal.accountId(), slot.at());
                SmsMessage earlier = repository.findByIdempotencyKey(principal.accountId(), idem, cutoff)
                        .orElseThrow(() -> e);
                return replay(earlier, fromNumber, to.normalized(), request, callback);
            } catch (RuntimeException e) {
                if (slot != null) limiter.release(principal.accountId(), slot.at());
                throw e;
            }
            accepted = sms;
        } finally {
            lock.unlock();
        }
        // outside the lock: the hand-off may start a SIP send, which must not hold up the account's next request
        LOG.debug("SMS {} of account {} accepted ({} {} segment(s){})", accepted.id(), accepted.accountId(),
                accepted.segments(), accepted.encoding(), accepted.emergency() ? ", emergency" : "");
        listener.onStatus(accepted, accepted.lastChange());
        queue.enqueue(accepted);
        return new SmsAcceptance.Accepted(accepted, false);
    }

    /** The SMS {@code id} if it belongs to the principal's account (else empty, as for an unknown id). */
    public Optional<SmsMessage> get(ApiKeyPrincipal principal, String id) {
        if (id == null) return Optional.empty();
        return repository.get(id).filter(s -> s.accountId().equals(principal.accountId()));
    }

    private SmsAcceptance replay(SmsMessage earlier, String from, String to, SendSms request, String callback) {
        if (!earlier.sameRequest(from, to, request.text(), callback)) {
            return new SmsAcceptance.IdempotencyMismatch(earlier.idempotencyKey(), earlier.id());
        }
        return new SmsAcceptance.Accepted(earlier, true);
    }

    /** The account's DID matching {@code from} once normalised, if any. */
    private Optional<DidNumber> senderNumber(String accountId, String from) {
        ClassifiedNumber n = senderPlan.classify(from);
        if (n.category() == NumberCategory.INVALID) return Optional.empty();
        for (DidNumber d : directory.numbersOf(accountId)) {
            if (d.number().equals(n.normalized()) && d.accountId().equals(accountId)) return Optional.of(d);
        }
        return Optional.empty();
    }

    private static Optional<String> idempotencyKeyProblem(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            return Optional.of("Idempotency-Key must have 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) return Optional.of("Idempotency-Key must be printable ASCII without spaces");
        }
        return Optional.empty();
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
