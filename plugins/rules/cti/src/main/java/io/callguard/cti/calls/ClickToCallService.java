package io.callguard.cti.calls;

import io.callguard.core.control.CallAdmission;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.control.OriginateRequest;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.policy.Direction;
import io.callguard.cti.AccountStatus;
import io.callguard.cti.keys.ApiKeyPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Click-to-call (CTI offer, CP Téléphonie §1.5). The client's line rings first; when the client answers, Asterisk runs
 * the outbound context with the destination as extension, exactly as if the client had dialled it: the FastAGI
 * outbound decision (suspension, caps, barring…) applies unchanged, and the endpoint's accountcode plus the
 * Originate's Account identify the account.
 *
 * <p>The originate ({@link CallControl#originate}): channel {@code PJSIP/<line>}, context {@code callguard-outbound},
 * exten {@code <to>} (normalised), priority 1, ring timeout (ring time of the client's line), caller id (one of the
 * account's numbers), account {@code <accountId>}, variable {@code CALLGUARD_CTI_ID=<id>}, correlation id
 * {@code <actionId>} (matches the {@link CallEvent.OriginateResult}) and channel id {@code <channelId>} (the client
 * leg's Uniqueid, matches its hang-up even before the originate result). Progress comes back as call events
 * ({@link #onCallEvent}).
 *
 * <p>Lines are the account's trunks ({@link Directory#trunksOf}); the directory has no model of extensions behind a
 * PBX, so "extensions" are out of scope: a client PBX reaches its extensions through its own trunk.
 *
 * <p>A suspended account (or line) may still call an emergency number (R6); anything else is refused.
 *
 * <p>The caps come before anything rings: the client leg's trunk slot is reserved and the call counted for the
 * account's calls per second ({@link CallAdmission}) under the holder {@code ChannelId}, the Uniqueid Asterisk gives
 * that leg and the Linkedid of every leg of the call. The decision Asterisk then asks on that channel for the dialled
 * leg finds the slot already held and counts nothing twice. The slot is given back when the Originate fails and on
 * the client leg's hang-up. A dialled leg that callguard refuses ({@link #onDecision}) ends the call FAILED with
 * callguard's reason.
 */
public final class ClickToCallService implements DecisionListener, CallEventListener {
    public static final String VARIABLE_CTI_ID = "CALLGUARD_CTI_ID";
    private static final Logger LOG = LoggerFactory.getLogger(ClickToCallService.class);
    /** Refusal lines written per minute at most: a client retrying a refused call in a loop must not flood the log. */
    private static final int REFUSED_LINES_PER_MINUTE = 20;

    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, REFUSED_LINES_PER_MINUTE, 60_000);
    private final Directory directory;
    private final AccountStatus accountStatus;
    private final CallControl control;
    private final CallAdmission admission;
    private final CtiCallRepository calls;
    private final Clock clock;
    private final ClickToCallSettings settings;
    private final FrenchNumberingPlan plan;
    private final FrenchNumberingPlan didPlan = FrenchNumberingPlan.withDefaults();

    public ClickToCallService(Directory directory, AccountStatus accountStatus, CallAdmission admission,
                              CallControl control, CtiCallRepository calls, Clock clock, ClickToCallSettings settings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.accountStatus = Objects.requireNonNull(accountStatus, "accountStatus");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.control = Objects.requireNonNull(control, "control");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.plan = new FrenchNumberingPlan(settings.emergencyNumbers());
    }

    /** Checks and places a call; refusals complete at once, a placed call when Asterisk answered the Originate. */
    public CompletionStage<CallOutcome> call(ApiKeyPrincipal principal, PlaceCall request) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        String accountId = principal.accountId();
        if (blank(request.line())) return done(new CallOutcome.Invalid("line", "line is required"));
        if (blank(request.to())) return done(new CallOutcome.Invalid("to", "to is required"));
        ClassifiedNumber to = plan.classify(request.to());
        if (to.category() == NumberCategory.INVALID) {
            return done(new CallOutcome.Invalid("to", "to is not a valid number: '" + request.to() + "'"));
        }
        String line = request.line().strip();
        Optional<Trunk> trunk = directory.trunksOf(accountId).stream()
                .filter(t -> t.id().equals(line) && t.accountId().equals(accountId)).findFirst();
        if (trunk.isEmpty()) return done(new CallOutcome.NotYourLine(line));
        Optional<String> callerId = callerId(accountId, line, request.callerId());
        if (request.callerId() != null && !request.callerId().isBlank() && callerId.isEmpty()) {
            return done(new CallOutcome.Invalid("callerId", "callerId is not one of the account's numbers"));
        }
        Instant now = clock.instant();
        if (!to.isEmergency()) {
            Optional<String> blocked = accountStatus.blockedReason(accountId, line, now);
            if (blocked.isPresent()) {
                refusedLog.info("click-to-call of account {} on {} refused: outbound traffic blocked ({})", accountId, line,
                        blocked.get());
                return done(new CallOutcome.Suspended(blocked.get()));
            }
        }

        String id = "call_" + UUID.randomUUID();
        // the Uniqueid the client leg gets, as the tracker will know it (qualified with its server when several)
        String channelId = control.originatedChannelId("cg-" + id);
        Optional<CallAdmission.Refusal> refused = admission.reserve(accountId, trunk.get(), to.isEmergency(), channelId);
        if (refused.isPresent()) {
            refusedLog.info("click-to-call of account {} on {} refused before ringing: {}", accountId, line,
                    refused.get().reason());
            return done(new CallOutcome.Refused(refused.get().reason(), refused.get().retryAfter()));
        }
        CtiCall call = new CtiCall(id, accountId, principal.keyId(), line, to.normalized(), "cti-" + id,
                channelId, null, CtiCallStatus.REQUESTED,
                List.of(new CtiCallChange(CtiCallStatus.REQUESTED, now, null)));
        calls.insert(call);
        OriginateRequest originate = originate(call, callerId.orElse(null));
        CompletableFuture<CallOutcome> out = new CompletableFuture<>();
        try {
            control.originate(originate).whenComplete((reply, failure) -> {
                Throwable err = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (err != null || !reply.accepted()) {
                    String why = err != null ? "AMI: " + err.getMessage() : "Asterisk: " + reply.message();
                    CtiCall failed = transition(id, CtiCallStatus.FAILED, why, c -> !c.status().terminal());
                    admission.release(trunk.get(), channelId);
                    LOG.warn("click-to-call {} of account {} not placed: {}", id, accountId, why);
                    out.complete(new CallOutcome.OriginateFailed(failed, why));
                } else {
                    out.complete(new CallOutcome.Placed(transition(id, CtiCallStatus.ORIGINATED, null,
                            c -> c.status() == CtiCallStatus.REQUESTED)));
                }
            });
        } catch (RuntimeException e) {
            String why = "AMI: " + e.getMessage();
            admission.release(trunk.get(), channelId);
            out.complete(new CallOutcome.OriginateFailed(transition(id, CtiCallStatus.FAILED, why, c -> true), why));
        }
        return out;
    }

    /** The call {@code id} if it belongs to the principal's account (else empty, as for an unknown id). */
    public Optional<CtiCall> get(ApiKeyPrincipal principal, String id) {
        if (id == null) return Optional.empty();
        return calls.get(id).filter(c -> c.accountId().equals(principal.accountId()));
    }

    /** The call events click-to-call follows: the originate result, dial ends and hang-ups. */
    @Override
    public void onCallEvent(CallEvent event) {
        if (event instanceof CallEvent.OriginateResult o) {
            onOriginateResponse(o.correlationId(), o.success() ? "Success" : "Failure", o.uniqueId(), o.reason());
        } else if (event instanceof CallEvent.DialEnded d) {
            onDialEnd(d.uniqueId(), d.dialStatus());
        } else if (event instanceof CallEvent.HungUp h) {
            onHangup(h.uniqueId(), h.cause(), h.causeText());
        }
    }

    /**
     * An {@code OriginateResponse} event: Success means the client answered and the
     * destination is being decided and dialled; Failure that the client's line did not answer (its slot is given
     * back).
     *
     * @param actionId the originate's correlation id
     * @param response {@code Success} or {@code Failure}
     * @param uniqueId the client leg's Uniqueid, may be null or {@code <unknown>} (no channel was created)
     * @param reason   Asterisk's originate reason (0 failure, 1 hung up, 3 no answer, 4 answered, 5 busy,
     *                 8 congestion), may be null
     * @return true when the event belonged to a click-to-call
     */
    public boolean onOriginateResponse(String actionId, String response, String uniqueId, Integer reason) {
        if (actionId == null) return false;
        Optional<CtiCall> call = calls.findByActionId(actionId);
        if (call.isEmpty()) return false;
        String id = call.get().id();
        if (isChannelId(uniqueId)) calls.update(id, c -> c.withUniqueId(uniqueId));
        if ("Success".equalsIgnoreCase(response)) {
            transition(id, CtiCallStatus.CLIENT_ANSWERED, null,
                    c -> c.status() == CtiCallStatus.REQUESTED || c.status() == CtiCallStatus.ORIGINATED);
        } else {
            transition(id, CtiCallStatus.FAILED, describeReason(reason), c -> !c.status().terminal());
            releaseSlot(call.get());
        }
        return true;
    }

    /**
     * A {@code DialEnd} event whose calling channel is {@code uniqueId}: with {@code ANSWER} on a click-to-call's
     * client leg, the destination answered. Other dial statuses change nothing (the hang-up that follows ends the
     * call).
     *
     * @return true when the channel belonged to a click-to-call
     */
    public boolean onDialEnd(String uniqueId, String dialStatus) {
        if (uniqueId == null) return false;
        Optional<CtiCall> call = calls.findByUniqueId(uniqueId);
        if (call.isEmpty()) return false;
        if ("ANSWER".equalsIgnoreCase(dialStatus)) {
            transition(call.get().id(), CtiCallStatus.ANSWERED, null, c -> !c.status().terminal()
                    && c.status() != CtiCallStatus.ANSWERED);
        }
        return true;
    }

    /**
     * A {@code Hangup} event: the client's leg ended (its slot is given back). After the destination answered the
     * call is ENDED; before, FAILED with the cause.
     *
     * @return true when the channel belonged to a click-to-call
     */
    public boolean onHangup(String uniqueId, Integer cause, String causeText) {
        if (uniqueId == null) return false;
        Optional<CtiCall> call = calls.findByUniqueId(uniqueId);
        if (call.isEmpty()) return false;
        String detail = "cause " + (cause == null ? "?" : cause) + (causeText == null ? "" : " " + causeText);
        String id = call.get().id();
        CtiCall now = calls.get(id).orElseThrow();
        if (now.status() == CtiCallStatus.ANSWERED) {
            transition(id, CtiCallStatus.ENDED, detail, c -> c.status() == CtiCallStatus.ANSWERED);
        } else {
            transition(id, CtiCallStatus.FAILED, detail, c -> !c.status().terminal());
        }
        releaseSlot(now);
        return true;
    }

    /**
     * The decision engine's verdict on a channel: when it is a click-to-call's client leg (the dialled leg's
     * outbound decision runs on it) and callguard refused, the call ends FAILED with callguard's reason, whatever
     * the hang-up cause that follows. Called on the FastAGI event loop: memory only.
     */
    @Override
    public void onDecision(CallContext call, Decision decision) {
        if (decision.allowed() || call.direction() != Direction.OUTBOUND || call.uniqueId().isBlank()) return;
        Optional<CtiCall> cti = calls.findByUniqueId(call.uniqueId());
        if (cti.isEmpty()) return;
        String reason = decision.reason() == null ? "DENIED" : decision.reason();
        String detail = "refused by callguard: " + reason + (decision.cause() == null ? "" : " (cause " + decision.cause() + ")");
        Instant at = clock.instant();
        calls.update(cti.get().id(), c -> c.status().terminal() ? c
                : c.withChange(new CtiCallChange(CtiCallStatus.FAILED, at, detail, reason)));
        refusedLog.info("click-to-call {} of account {}: the call to {} was refused by callguard ({})", cti.get().id(),
                cti.get().accountId(), cti.get().to(), reason);
    }

    private void releaseSlot(CtiCall call) {
        directory.trunk(call.line()).ifPresent(t -> admission.release(t, call.channelId()));
    }

    /** A real Uniqueid: Asterisk reports {@code <unknown>} (or {@code <null>}) when no channel was created. */
    private static boolean isChannelId(String uniqueId) {
        return uniqueId != null && !uniqueId.isBlank() && !uniqueId.startsWith("<");
    }

    /** The originate request for {@code call}; package-visible for tests. */
    OriginateRequest originate(CtiCall call, String callerId) {
        return new OriginateRequest(settings.channelPrefix() + call.line(), settings.outboundContext(), call.to(), 1,
                settings.ringTimeout(), callerId, call.accountId(), Map.of(VARIABLE_CTI_ID, call.id()),
                call.actionId(), call.channelId(), null);
    }

    /** The caller id: the requested number if it is the account's, else a number routed to the line, else none. */
    private Optional<String> callerId(String accountId, String line, String requested) {
        if (requested != null && !requested.isBlank()) {
            String n = didPlan.classify(requested).normalized();
            return directory.numbersOf(accountId).stream().map(DidNumber::number).filter(n::equals).findFirst();
        }
        return directory.numbersOf(accountId).stream().filter(d -> line.equals(d.trunkId()))
                .map(DidNumber::number).sorted().findFirst();
    }

    private CtiCall transition(String id, CtiCallStatus to, String detail,
                               java.util.function.Predicate<CtiCall> allowed) {
        Instant at = clock.instant();
        return calls.update(id, c -> allowed.test(c) ? c.withChange(new CtiCallChange(to, at, detail)) : c)
                .orElseThrow(() -> new IllegalStateException("click-to-call " + id + " vanished"));
    }

    private static String describeReason(Integer reason) {
        if (reason == null) return "originate failed";
        return switch (reason) {
            case 1 -> "line hung up (reason 1)";
            case 3 -> "no answer (reason 3)";
            case 5 -> "line busy (reason 5)";
            case 8 -> "congestion (reason 8)";
            default -> "originate failed (reason " + reason + ")";
        };
    }

    private static CompletionStage<CallOutcome> done(CallOutcome o) { return CompletableFuture.completedFuture(o); }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
