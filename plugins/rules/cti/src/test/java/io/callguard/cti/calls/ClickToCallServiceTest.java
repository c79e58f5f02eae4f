package io.callguard.cti.calls;

import io.callguard.core.control.CallAdmission;
import io.callguard.core.directory.Trunk;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Reasons;
import io.callguard.core.time.MutableClock;
import io.callguard.cti.CtiFixture;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.callguard.cti.CtiFixture.A;
import static io.callguard.cti.CtiFixture.A_NUMBER;
import static io.callguard.cti.CtiFixture.A_TRUNK;
import static io.callguard.cti.CtiFixture.B;
import static io.callguard.cti.CtiFixture.B_TRUNK;
import static io.callguard.cti.CtiFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ClickToCallServiceTest {
    private static final ApiKeyPrincipal KEY_A = new ApiKeyPrincipal("ka", A);
    private static final ApiKeyPrincipal KEY_B = new ApiKeyPrincipal("kb", B);

    private final CtiFixture fx = new CtiFixture();
    private final MutableClock clock = new MutableClock(T0);
    private final List<OriginateRequest> sent = new CopyOnWriteArrayList<>();
    private volatile OriginateReply amiAnswer = OriginateReply.accepted("Originate successfully queued");
    /** When set, the originate stage fails with it (the platform could not be reached). */
    private volatile RuntimeException unreachable;
    private final InMemoryCtiCallRepository calls = new InMemoryCtiCallRepository();
    /** Slots held per holder, as the caps would; {@code refusal} set makes every reservation refused. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private volatile CallAdmission.Refusal refusal;
    private final CallAdmission admission = new CallAdmission() {
        @Override public Optional<Refusal> reserve(String accountId, Trunk line, boolean emergency, String holder) {
            if (refusal != null && !emergency) return Optional.of(refusal);
            held.put(holder, line.id());
            return Optional.empty();
        }

        @Override public void release(Trunk line, String holder) { held.remove(holder, line.id()); }
    };
    /** Records the originates and answers each with {@code amiAnswer}. */
    private final CallControl control = new CallControl() {
        @Override public CompletionStage<OriginateReply> originate(OriginateRequest request) {
            sent.add(request);
            if (unreachable != null) return CompletableFuture.<OriginateReply>supplyAsync(() -> { throw unreachable; });
            return CompletableFuture.completedFuture(amiAnswer);
        }

        @Override public CompletionStage<List<LiveCall>> liveChannels() {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override public void hangup(String channel, int cause) {
            throw new UnsupportedOperationException("click-to-call never hangs up");
        }
    };
    private final ClickToCallService service = new ClickToCallService(fx.directory, fx.accountStatus, admission,
            control, calls, clock, ClickToCallSettings.defaults(FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS));

    private CallOutcome call(ApiKeyPrincipal key, String line, String to) throws Exception {
        return service.call(key, new PlaceCall(line, to)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anActiveAccountGetsAnOriginateRingingItsLineThenDiallingTheDestinationInTheOutboundContext() throws Exception {
        CallOutcome o = call(KEY_A, A_TRUNK, "06 12 34 56 78");
        CtiCall c = ((CallOutcome.Placed) o).call();
        assertThat(c.status()).isEqualTo(CtiCallStatus.ORIGINATED);
        assertThat(sent).hasSize(1);
        OriginateRequest a = sent.get(0);
        assertThat(a.channel()).isEqualTo("PJSIP/" + A_TRUNK);
        assertThat(a.context()).isEqualTo("callguard-outbound");
        assertThat(a.exten()).isEqualTo("0612345678");
        assertThat(a.priority()).isEqualTo(1);
        // always asynchronous, the timeout in milliseconds on the wire: AmiCallControlTest
        assertThat(a.ringTimeout()).isEqualTo(Duration.ofMillis(30_000L));
        assertThat(a.callerId()).isEqualTo(A_NUMBER);
        assertThat(a.account()).isEqualTo(A);
        assertThat(a.variables()).isEqualTo(Map.of("CALLGUARD_CTI_ID", c.id()));
        assertThat(a.correlationId()).isEqualTo(c.actionId());
        assertThat(a.channelId()).isEqualTo(c.channelId());
        assertThat(c.line()).isEqualTo(A_TRUNK);
        assertThat(c.to()).isEqualTo("0612345678");
    }

    @Test
    void aSuspendedAccountIsRefusedWithoutAnyOriginate() throws Exception {
        fx.suspended.put(A, "NON_PAYMENT");
        assertThat(call(KEY_A, A_TRUNK, "0612345678")).isEqualTo(new CallOutcome.Suspended("NON_PAYMENT"));
        assertThat(sent).isEmpty();
    }

    @Test
    void aSuspendedAccountMayStillCallAnEmergencyNumber() throws Exception {
        fx.suspended.put(A, "NON_PAYMENT");
        CallOutcome o = call(KEY_A, A_TRUNK, "112");
        assertThat(o).isInstanceOf(CallOutcome.Placed.class);
        assertThat(sent.get(0).exten()).isEqualTo("112");
    }

    @Test
    void aLineOfAnotherAccountIsNotYours() throws Exception {
        assertThat(call(KEY_A, B_TRUNK, "0612345678")).isEqualTo(new CallOutcome.NotYourLine(B_TRUNK));
        assertThat(call(KEY_A, "nope", "0612345678")).isEqualTo(new CallOutcome.NotYourLine("nope"));
        assertThat(sent).isEmpty();
    }

    @Test
    void invalidRequestsAreNamed() throws Exception {
        assertThat(call(KEY_A, A_TRUNK, "abc")).isInstanceOfSatisfying(CallOutcome.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("to"));
        assertThat(call(KEY_A, " ", "0612345678")).isInstanceOfSatisfying(CallOutcome.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("line"));
        CallOutcome badCid = service.call(KEY_A, new PlaceCall(A_TRUNK, "0612345678", "0187654321"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(badCid).isInstanceOfSatisfying(CallOutcome.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("callerId"));
        assertThat(sent).isEmpty();
    }

    @Test
    void anAsteriskErrorRecordsTheCallAsFailed() throws Exception {
        amiAnswer = OriginateReply.refused("Originate failed");
        CallOutcome o = call(KEY_A, A_TRUNK, "0612345678");
        CallOutcome.OriginateFailed f = (CallOutcome.OriginateFailed) o;
        assertThat(f.call().status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(f.message()).isEqualTo("Asterisk: Originate failed");
    }

    @Test
    void progressFollowsOriginateResponseAndHangupAndIsVisibleToTheOwnerOnly() throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        clock.advance(Duration.ofSeconds(4));
        assertThat(service.onOriginateResponse(c.actionId(), "Success", "1700000000.42", 4)).isTrue();
        assertThat(service.get(KEY_A, c.id()).orElseThrow().status()).as("the client answered, not the callee")
                .isEqualTo(CtiCallStatus.CLIENT_ANSWERED);
        assertThat(service.get(KEY_A, c.id()).orElseThrow().uniqueId()).isEqualTo("1700000000.42");
        clock.advance(Duration.ofSeconds(3));
        assertThat(service.onDialEnd("1700000000.42", "ANSWER")).isTrue();
        assertThat(service.get(KEY_A, c.id()).orElseThrow().status()).isEqualTo(CtiCallStatus.ANSWERED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(service.onHangup("1700000000.42", 16, "Normal Clearing")).isTrue();
        CtiCall done = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(done.history()).extracting(CtiCallChange::status).containsExactly(CtiCallStatus.REQUESTED,
                CtiCallStatus.ORIGINATED, CtiCallStatus.CLIENT_ANSWERED, CtiCallStatus.ANSWERED, CtiCallStatus.ENDED);
        assertThat(done.history().get(4).at()).isEqualTo(T0.plusSeconds(67));
        assertThat(done.history().get(4).detail()).isEqualTo("cause 16 Normal Clearing");
        assertThat(done.reason()).isNull();
        assertThat(held).as("the slot went with the client's leg").isEmpty();
        assertThat(service.get(KEY_B, c.id())).isEmpty();
        assertThat(service.onHangup("someone-else", 16, null)).isFalse();
        assertThat(service.onOriginateResponse("not-ours", "Success", "x", 4)).isFalse();
    }

    @Test
    void anUnansweredLineFailsAndAHangupByChannelIdIsMatchedBeforeAnyOriginateResponse() throws Exception {
        CtiCall c1 = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        service.onOriginateResponse(c1.actionId(), "Failure", null, 3);
        CtiCall failed = service.get(KEY_A, c1.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(failed.history().get(2).detail()).isEqualTo("no answer (reason 3)");

        CtiCall c2 = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        assertThat(service.onHangup(c2.channelId(), 17, "User busy")).isTrue();
        assertThat(service.get(KEY_A, c2.id()).orElseThrow().status()).isEqualTo(CtiCallStatus.FAILED);
        service.onOriginateResponse(c2.actionId(), "Success", c2.channelId(), 4);
        assertThat(service.get(KEY_A, c2.id()).orElseThrow().status()).as("terminal stays terminal")
                .isEqualTo(CtiCallStatus.FAILED);
        assertThat(calls.pruneFinished(T0.plusSeconds(1))).isEqualTo(2);
        assertThat(service.get(KEY_A, c1.id())).isEmpty();
    }

    @Test
    void overACapNothingRingsNothingIsRecordedAndTheReasonIsNamed() throws Exception {
        refusal = new CallAdmission.Refusal(Reasons.TRUNK_FULL, null);
        assertThat(call(KEY_A, A_TRUNK, "0612345678")).isEqualTo(new CallOutcome.Refused(Reasons.TRUNK_FULL, null));
        refusal = new CallAdmission.Refusal(Reasons.CPS_EXCEEDED, Duration.ofSeconds(1));
        assertThat(call(KEY_A, A_TRUNK, "0612345678"))
                .isEqualTo(new CallOutcome.Refused(Reasons.CPS_EXCEEDED, Duration.ofSeconds(1)));
        assertThat(sent).isEmpty();
        assertThat(calls.pruneFinished(T0.plusSeconds(3600))).isZero();
        assertThat(call(KEY_A, A_TRUNK, "112")).as("an emergency destination is never refused")
                .isInstanceOf(CallOutcome.Placed.class);
    }

    @Test
    void theSlotIsReservedForTheChannelIdTheOriginateGivesTheClientsLegAndReleasedWhenTheOriginateFails()
            throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        assertThat(held).containsExactly(Map.entry(c.channelId(), A_TRUNK));
        assertThat(sent.get(0).channelId()).isEqualTo(c.channelId());
        service.onOriginateResponse(c.actionId(), "Failure", "<unknown>", 0);
        assertThat(held).isEmpty();
        assertThat(calls.findByUniqueId("<unknown>")).as("no channel was created: nothing indexed").isEmpty();

        amiAnswer = OriginateReply.refused("Originate failed");
        assertThat(call(KEY_A, A_TRUNK, "0612345678")).isInstanceOf(CallOutcome.OriginateFailed.class);
        assertThat(held).as("refused by Asterisk: released at once").isEmpty();
    }

    @Test
    void aDialledLegRefusedByCallguardEndsTheCallFailedWithTheReasonNotEndedWithACause() throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        service.onOriginateResponse(c.actionId(), "Success", c.channelId(), 4);
        DecisionEngine engine = new DecisionEngine(fx.directory, FrenchNumberingPlan.withDefaults(),
                new io.callguard.core.policy.PolicyChain(List.of(new io.callguard.core.policy.Policy() {
                    @Override public String name() { return "full"; }

                    @Override public java.util.concurrent.CompletionStage<Optional<Decision>> evaluate(
                            io.callguard.core.policy.CallContext ctx) {
                        return io.callguard.core.policy.Policy.settle(Decision.deny(Reasons.TRUNK_FULL, 34,
                                Reasons.PROMPT_TRUNK_FULL));
                    }
                }), Decision.allow(60)), clock, List.of(service));
        engine.decide(new CallRequest(Direction.OUTBOUND, A, A_TRUNK, A_NUMBER, "0612345678",
                "PJSIP/" + A_TRUNK + "-00000001", c.channelId())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        service.onHangup(c.channelId(), 34, "Circuit/channel congestion");

        CtiCall failed = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(failed.reason()).isEqualTo(Reasons.TRUNK_FULL);
        assertThat(failed.history()).extracting(CtiCallChange::status).containsExactly(CtiCallStatus.REQUESTED,
                CtiCallStatus.ORIGINATED, CtiCallStatus.CLIENT_ANSWERED, CtiCallStatus.FAILED);
        assertThat(failed.history().get(3).detail()).isEqualTo("refused by callguard: TRUNK_FULL (cause 34)");
        assertThat(held).isEmpty();
    }

    @Test
    void aHangupBeforeTheDestinationAnsweredIsAFailureWithItsCause() throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        service.onOriginateResponse(c.actionId(), "Success", c.channelId(), 4);
        service.onDialEnd(c.channelId(), "BUSY");
        service.onHangup(c.channelId(), 17, "User busy");
        CtiCall done = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(done.history().get(3).detail()).isEqualTo("cause 17 User busy");
        assertThat(CtiCallStatus.CLIENT_ANSWERED.wireName()).isEqualTo("client-answered");
    }

    @Test
    void anUnreachablePlatformRecordsTheCallAsFailedWithItsOwnMessageAndReleasesTheSlot() throws Exception {
        unreachable = new IllegalStateException("AMI not connected");
        CallOutcome.OriginateFailed f = (CallOutcome.OriginateFailed) call(KEY_A, A_TRUNK, "0612345678");
        assertThat(f.call().status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(f.message()).as("not wrapped in a CompletionException").isEqualTo("AMI: AMI not connected");
        assertThat(held).isEmpty();
    }

    @Test
    void callEventsDriveTheCallFromAnsweredLineToEndedWithItsCause() throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        service.onCallEvent(new CallEvent.OriginateResult(c.actionId(), true, c.channelId(), 4));
        service.onCallEvent(new CallEvent.DialEnded(c.channelId(), "1.2", "ANSWER"));
        service.onCallEvent(new CallEvent.StateChanged(c.channelId(), "Up"));
        service.onCallEvent(new CallEvent.HungUp(c.channelId(), "PJSIP/" + A_TRUNK + "-00000001", 16,
                "Normal Clearing", null));
        CtiCall done = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(done.history()).extracting(CtiCallChange::status).containsExactly(CtiCallStatus.REQUESTED,
                CtiCallStatus.ORIGINATED, CtiCallStatus.CLIENT_ANSWERED, CtiCallStatus.ANSWERED, CtiCallStatus.ENDED);
        assertThat(done.history().get(4).detail()).isEqualTo("cause 16 Normal Clearing");
        assertThat(held).isEmpty();
    }

    @Test
    void aFailedOriginateResultFailsTheCallWithItsReason() throws Exception {
        CtiCall c = ((CallOutcome.Placed) call(KEY_A, A_TRUNK, "0612345678")).call();
        service.onCallEvent(new CallEvent.OriginateResult(c.actionId(), false, null, 5));
        CtiCall failed = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CtiCallStatus.FAILED);
        assertThat(failed.history().get(2).detail()).isEqualTo("line busy (reason 5)");
        assertThat(held).isEmpty();
    }
}
