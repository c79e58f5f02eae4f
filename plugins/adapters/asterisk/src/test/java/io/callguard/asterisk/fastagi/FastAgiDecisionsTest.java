package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(VertxExtension.class)
class FastAgiDecisionsTest {
    private FastAgiFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.stop();
    }

    private FastAgiFixture start(Vertx vertx, boolean useMSet) {
        FastAgiOptions o = FastAgiFixture.options();
        fx = FastAgiFixture.start(vertx, new FastAgiOptions(o.host(), o.port(), o.decisionDeadline(), o.headerTimeout(),
                o.replyTimeout(), o.maxLineLength(), o.maxHeaderLines(), o.failureMode(), useMSet));
        return fx;
    }

    @Test
    void knownAccountIsAllowedItsMaximumWithOneMSetCommand(Vertx vertx) {
        AgiSessionResult r = start(vertx, true).call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).containsExactly("EXEC MSet \"CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200\"");
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.MAX_SECONDS, "7200"));
        assertThat(r.roundTrips()).isEqualTo(1);
    }

    @Test
    void withoutMSetEachVariableIsSetInTurn(Vertx vertx) {
        AgiSessionResult r = start(vertx, false).call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).containsExactly("SET VARIABLE CALLGUARD_VERDICT \"ALLOW\"",
                "SET VARIABLE CALLGUARD_MAX_SECONDS \"7200\"");
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.MAX_SECONDS, "7200"));
        assertThat(r.roundTrips()).isEqualTo(2);
    }

    @Test
    void trunkWithoutAccountCodeStillFindsItsAccount(Vertx vertx) {
        AgiSessionResult r = start(vertx, true).call(FastAgiFixture.outbound("", "PJSIP/trunk-a-0000002a", "0612345678"));

        assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(r.variable(DecisionVariables.MAX_SECONDS)).isEqualTo("7200");
    }

    @Test
    void emergencyNumbersFromAnUnknownAccountAreAllowed(Vertx vertx) {
        start(vertx, true);
        for (String number : new String[] {"112", "15"}) {
            AgiSessionResult r = fx.call(FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", number));
            assertThat(r.variables()).as(number)
                    .containsEntry(DecisionVariables.VERDICT, "ALLOW").containsEntry(DecisionVariables.REASON, "EMERGENCY");
        }
    }

    @Test
    void unknownAccountIsDeniedWithCause21(Vertx vertx) {
        AgiSessionResult r = start(vertx, true).call(FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", "0612345678"));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "DENY"),
                entry(DecisionVariables.REASON, "UNKNOWN_ACCOUNT"), entry(DecisionVariables.CAUSE, "21"));
        assertThat(fx.server.stats().denied()).isEqualTo(1);
    }

    @Test
    void inboundCallToAClientNumberIsAllowed(Vertx vertx) {
        AgiSessionResult r = start(vertx, true).call(
                AgiEnvironment.inbound("PJSIP/carrier-00000007", "1795713716.7", "", "0612345678", "0198765432"));

        assertThat(r.variables()).containsEntry(DecisionVariables.VERDICT, "ALLOW").containsEntry(DecisionVariables.MAX_SECONDS, "7200");
    }

    @Test
    void firstAgiArgumentIsJudgedInsteadOfTheExtension(Vertx vertx) {
        AgiEnvironment env = FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", "s").withArguments("112");

        assertThat(start(vertx, true).call(env).variables()).containsEntry(DecisionVariables.REASON, "EMERGENCY");
    }

    @Test
    void scriptPathIsReadWithoutLeadingSlashOrQueryString(Vertx vertx) {
        AgiEnvironment env = FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678")
                .with("agi_network_script", "/outbound?tenant=1");

        assertThat(start(vertx, true).call(env).variables()).containsEntry(DecisionVariables.VERDICT, "ALLOW")
                .containsEntry(DecisionVariables.MAX_SECONDS, "7200");
    }

    @Test
    void unknownScriptIsDeniedWithUnknownScript(Vertx vertx) {
        AgiEnvironment env = FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678")
                .with("agi_network_script", "sideways");

        AgiSessionResult r = start(vertx, true).call(env);

        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "DENY"),
                entry(DecisionVariables.REASON, "UNKNOWN_SCRIPT"), entry(DecisionVariables.CAUSE, "38"));
        assertThat(fx.server.stats().unknownScripts()).isEqualTo(1);
    }

    @Test
    void unknownScriptStillLetsEmergencyCallsThrough(Vertx vertx) {
        AgiEnvironment env = FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", "112")
                .with("agi_network_script", "sideways");

        assertThat(start(vertx, true).call(env).variables()).containsEntry(DecisionVariables.VERDICT, "ALLOW")
                .containsEntry(DecisionVariables.REASON, "EMERGENCY");
    }

    @Test
    void statsCountSessionsAndVerdicts(Vertx vertx) {
        start(vertx, true);
        fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));
        fx.call(FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", "0612345678"));
        fx.until(() -> fx.server.activeSessions() == 0, "both sessions are closed");

        FastAgiStats s = fx.server.stats();
        assertThat(s.sessionsOpened()).isEqualTo(2);
        assertThat(s.allowed()).isEqualTo(1);
        assertThat(s.denied()).isEqualTo(1);
        assertThat(s.decisionsAnswered()).isEqualTo(2);
        assertThat(s.activeSessions()).isZero();
        assertThat(s.malformed()).isZero();
    }

    @Test
    void stopWithoutStartIsANoop(Vertx vertx) {
        FastAgiServer idle = new FastAgiServer(vertx, FastAgiFixture.options(), FastAgiFixture.engine(FastAgiFixture.emergencyPolicy()));
        assertThat(FastAgiFixture.await(idle.stop(Duration.ofMillis(10)))).isNull();
    }
}
