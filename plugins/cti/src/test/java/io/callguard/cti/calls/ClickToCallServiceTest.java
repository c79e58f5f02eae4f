package io.callguard.cti.calls;

import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import io.callguard.cti.CtiFixture;
import io.callguard.cti.keys.ApiKeyPrincipal;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    private final List<ManagerAction> sent = new CopyOnWriteArrayList<>();
    private volatile ManagerResponse amiAnswer = success();
    private final InMemoryCtiCallRepository calls = new InMemoryCtiCallRepository();
    private final ClickToCallService service = new ClickToCallService(fx.directory, fx.accountStatus, action -> {
        sent.add(action);
        return CompletableFuture.completedFuture(amiAnswer);
    }, calls, clock, ClickToCallSettings.defaults(FrenchNumberingPlan.DEFAULT_EMERGENCY_NUMBERS));

    private static ManagerResponse success() {
        ManagerResponse r = new ManagerResponse();
        r.setResponse("Success");
        r.setMessage("Originate successfully queued");
        return r;
    }

    private CallOutcome call(ApiKeyPrincipal key, String line, String to) throws Exception {
        return service.call(key, new PlaceCall(line, to)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anActiveAccountGetsAnOriginateRingingItsLineThenDiallingTheDestinationInTheOutboundContext() throws Exception {
        CallOutcome o = call(KEY_A, A_TRUNK, "06 12 34 56 78");
        CtiCall c = ((CallOutcome.Placed) o).call();
        assertThat(c.status()).isEqualTo(CtiCallStatus.ORIGINATED);
        assertThat(sent).hasSize(1);
        OriginateAction a = (OriginateAction) sent.get(0);
        assertThat(a.getChannel()).isEqualTo("PJSIP/" + A_TRUNK);
        assertThat(a.getContext()).isEqualTo("callguard-outbound");
        assertThat(a.getExten()).isEqualTo("0612345678");
        assertThat(a.getPriority()).isEqualTo(1);
        assertThat(a.getAsync()).isTrue();
        assertThat(a.getTimeout()).isEqualTo(30_000L);
        assertThat(a.getCallerId()).isEqualTo(A_NUMBER);
        assertThat(a.getAccount()).isEqualTo(A);
        assertThat(a.getVariables()).isEqualTo(Map.of("CALLGUARD_CTI_ID", c.id()));
        assertThat(a.getActionId()).isEqualTo(c.actionId());
        assertThat(a.getChannelId()).isEqualTo(c.channelId());
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
        assertThat(((OriginateAction) sent.get(0)).getExten()).isEqualTo("112");
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
        ManagerError err = new ManagerError();
        err.setResponse("Error");
        err.setMessage("Originate failed");
        amiAnswer = err;
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
        assertThat(service.get(KEY_A, c.id()).orElseThrow().status()).isEqualTo(CtiCallStatus.ANSWERED);
        assertThat(service.get(KEY_A, c.id()).orElseThrow().uniqueId()).isEqualTo("1700000000.42");
        clock.advance(Duration.ofSeconds(60));
        assertThat(service.onHangup("1700000000.42", 16, "Normal Clearing")).isTrue();
        CtiCall done = service.get(KEY_A, c.id()).orElseThrow();
        assertThat(done.history()).extracting(CtiCallChange::status).containsExactly(CtiCallStatus.REQUESTED,
                CtiCallStatus.ORIGINATED, CtiCallStatus.ANSWERED, CtiCallStatus.ENDED);
        assertThat(done.history().get(3).at()).isEqualTo(T0.plusSeconds(64));
        assertThat(done.history().get(3).detail()).isEqualTo("cause 16 Normal Clearing");
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
}
