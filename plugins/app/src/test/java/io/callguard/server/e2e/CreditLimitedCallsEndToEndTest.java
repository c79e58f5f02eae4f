package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credit-limited calls end to end: a whole callguard with the {@code credit} policy, decisions over FastAGI from the
 * emulated Asterisk (hang-ups over AMI), 1.00 € available (threshold 10.00 €, unpaid 9.00 €) and mobiles at
 * 0.60 €/min by the second (tariff plan {@code plan-a}, written through the admin API).
 */
class CreditLimitedCallsEndToEndTest extends CapsEndToEndFixture {
    private static final String ACME = "/admin/v1/accounts/acme";

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_POLICIES", "emergency,suspension,calls-per-second,channel-cap,credit,tariff-announcement,default");
    }

    private JsonObject balance() { return send("GET", ACME + "/balance", null, 200).bodyAsJsonObject(); }

    private void oneEuroAvailable() {
        setTrunkChannels(30);
        send("PUT", "/admin/v1/tariff-plans/plan-a", new JsonObject().put("name", "A").put("firstIncrementSeconds", 1)
                .put("nextIncrementSeconds", 1).put("rates", new io.vertx.core.json.JsonArray().add(new JsonObject()
                        .put("id", "mobile").put("destination", "MOBILE").put("perMinuteCents", 60))), 201);
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("creditThresholdCents", 1000)
                .put("tariffPlan", "plan-a"), 200);
        send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 900).put("asOf", TestApps.T0.toString()), 200);
    }

    private static long maxSeconds(Call c) { return Long.parseLong(c.result().variable("CALLGUARD_MAX_SECONDS")); }

    @Test
    void oneEuroAtSixtyCentsAMinuteLimitsTheCallToAtMostHundredSecondsAndEmergencyIsNotLimited() {
        oneEuroAvailable();
        Call first = call(outbound(MOBILE));
        assertThat(first.verdict()).isEqualTo("ALLOW");
        assertThat(maxSeconds(first)).as("half (credit.callShare) of 100 cents at 1 cent a second")
                .isEqualTo(50).isLessThanOrEqualTo(100);
        assertThat(balance().getInteger("liveCalls")).isEqualTo(1);
        hangup(first, 16);
        until("the hang-up gave the reservation back", () -> balance().getInteger("liveCalls") == 0);
        assertThat(balance().getLong("availableCents")).isEqualTo(100);

        Call emergency = call(outbound("112"));
        assertThat(emergency.verdict()).isEqualTo("ALLOW");
        assertThat(emergency.result().variable("CALLGUARD_MAX_SECONDS")).as("never limited").isNull();
        Call other = call(outbound("0155555555"));
        assertThat(maxSeconds(other)).as("a destination the plan does not price is not limited").isEqualTo(7200);
    }

    @Test
    void twentySimultaneousCallsNeverPromiseMoreThanTheAvailableCredit() {
        oneEuroAvailable();
        List<Future<Call>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) calls.add(outbound(MOBILE));
        List<Call> decided = simultaneously(calls);
        long promised = 0;
        for (Call c : withVerdict(decided, "ALLOW")) promised += maxSeconds(c);
        List<Call> refused = withVerdict(decided, "DENY");
        assertThat(promised).as("seconds promised together, at 1 cent each, of 100 cents").isLessThanOrEqualTo(100);
        assertThat(refused).as("the last ones find less than one increment").isNotEmpty();
        for (Call c : refused) {
            assertThat(c.reason()).isEqualTo("CREDIT_EXHAUSTED");
            assertThat(c.result().variable("CALLGUARD_CAUSE")).isEqualTo("21");
            assertThat(c.result().variable("CALLGUARD_PROMPT")).isEqualTo("callguard/credit-exhausted");
        }
        JsonObject b = balance();
        assertThat(b.getLong("availableCents")).as("never below zero").isGreaterThanOrEqualTo(0);
        assertThat(b.getInteger("liveCalls")).isEqualTo(withVerdict(decided, "ALLOW").size());
        for (Call c : decided) hangup(c, 16);
        until("every reservation given back", () -> balance().getInteger("liveCalls") == 0);
        assertThat(balance().getLong("availableCents")).isEqualTo(100);
    }

    @Test
    void aReservationWhoseHangUpIsLostExpiresAtTheCallsMaximumPlusAMargin() {
        // the reservations expire at the call's maximum plus 300 s of callguard's clock: a lost hang-up frees them
        oneEuroAvailable();
        Call c = call(outbound(MOBILE));
        assertThat(c.verdict()).isEqualTo("ALLOW");
        clock.advance(Duration.ofSeconds(7200 + 301));
        assertThat(balance().getInteger("liveCalls")).isZero();
    }
}
