package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's rating and threshold joined end to end, nothing stubbed: a tariff plan written through the admin API,
 * calls decided over FastAGI by the emulated Asterisk, answered and hung up over AMI on callguard's clock; the call
 * records rate each call (the credit module's Rater) before chaining it; the rating reaches the outstanding amount,
 * which crosses the credit threshold and suspends the account (CREDIT_THRESHOLD, through the suspension service).
 */
class CreditRatedCallsEndToEndTest extends CapsEndToEndFixture {
    private static final String ACME = "/admin/v1/accounts/acme";
    private static final String SPECIAL_089 = "0899123456";

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_POLICIES", "emergency,suspension,calls-per-second,channel-cap,credit,tariff-announcement,default",
                "CALLGUARD_RECORDS_WRITE_INTERVAL", "20ms");
    }

    /** Mobiles at 0.15 €/min billed by the second after a first 30 s; 089 at 2 cents a minute plus an 80-cent C+S. */
    private void writePlan() {
        send("PUT", "/admin/v1/tariff-plans/pro", new JsonObject().put("name", "Pro").put("firstIncrementSeconds", 30)
                .put("nextIncrementSeconds", 1).put("rates", new JsonArray()
                        .add(new JsonObject().put("id", "mobile").put("destination", "MOBILE").put("perMinuteCents", 15))
                        .add(new JsonObject().put("id", "special-089").put("destination", "SPECIAL_SURCHARGED")
                                .put("prefix", "089").put("perMinuteCents", 2).put("serviceChargePerMinuteCents", 80))), 201);
    }

    /** An outbound call of acme, answered, held {@code seconds} on callguard's clock, hung up normally. */
    private Call answeredCall(String dialled, long seconds) {
        Call c = call(outbound(dialled));
        assertThat(c.verdict()).as("verdict for " + dialled).isEqualTo("ALLOW");
        answer(c);
        clock.advance(Duration.ofSeconds(seconds));
        hangup(c, 16);
        return c;
    }

    private Optional<JsonObject> record(String uniqueId) {
        JsonArray items = send("GET", ACME + "/records", null, 200).bodyAsJsonObject().getJsonArray("items");
        return items.stream().map(o -> (JsonObject) o).filter(r -> uniqueId.equals(r.getString("uniqueId"))).findFirst();
    }

    private JsonObject storedRecord(Call c) {
        until("the record of " + c.uniqueId() + " is stored", () -> record(c.uniqueId()).isPresent());
        return record(c.uniqueId()).orElseThrow();
    }

    @Test
    void realCallsAreRatedByThePlanChainedWithTheirRecordAndTheOneThatCrossesTheThresholdSuspendsTheAccount() {
        writePlan();
        // 10.90 € threshold, 9.90 € unpaid: the 089 call (0.82 €) stays under, the mobile call after it crosses
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("tariffPlan", "pro")
                .put("creditThresholdCents", 1090), 200);
        send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 990)
                .put("asOf", TestApps.T0.minus(Duration.ofHours(1)).toString()), 200);

        JsonObject special = storedRecord(answeredCall(SPECIAL_089, 60));
        assertThat(special.getString("disposition")).isEqualTo("ANSWERED");
        assertThat(special.getString("rateId")).isEqualTo("special-089");
        assertThat(special.getString("amountCents")).as("60 s at 2 + 80 (C+S) cents a minute").isEqualTo("82.0000");

        JsonObject emergency = storedRecord(answeredCall("112", 60));
        assertThat(emergency.getString("rateId")).isEqualTo("emergency");
        assertThat(emergency.getString("amountCents")).as("emergency calls are free").isEqualTo("0.0000");
        assertThat(activeSuspensions("CREDIT_THRESHOLD")).as("10.72 € is under the threshold").isEmpty();

        JsonObject mobile = storedRecord(answeredCall(MOBILE, 95));
        assertThat(mobile.getLong("billableSeconds")).isEqualTo(95);
        assertThat(mobile.getLong("billedSeconds")).isEqualTo(95);
        assertThat(mobile.getString("planId")).isEqualTo("pro");
        assertThat(mobile.getInteger("planVersion")).isEqualTo(1);
        assertThat(mobile.getString("amountCents")).as("95 s at 15 cents a minute").isEqualTo("23.7500");

        TestApps.until(vertx, "acme suspended CREDIT_THRESHOLD", Duration.ofSeconds(1),
                () -> !activeSuspensions("CREDIT_THRESHOLD").isEmpty());
        JsonObject balance = send("GET", ACME + "/balance", null, 200).bodyAsJsonObject();
        assertThat(balance.getLong("outstandingCents")).as("990 + 82 + 0 + 23.75, in whole cents rounded up").isEqualTo(1096);
        assertThat(verdictOf(MOBILE)).isEqualTo("DENY LINE_SUSPENDED");
        assertThat(verdictOf("112")).startsWith("ALLOW");
        Call in = call(inbound());
        assertThat(in.verdict()).isEqualTo("ALLOW");
        hangup(in, 16);

        // the chain holds the ratings: the verifier finds every entry intact
        JsonObject verify = send("GET", "/admin/v1/records/verify", null, 200).bodyAsJsonObject();
        assertThat(verify.getBoolean("ok")).as(verify.encode()).isTrue();
        assertThat(verify.getInteger("checked")).as("at least the three rated calls (stored before: the later ones may still wait in the writer)").isGreaterThanOrEqualTo(3);

        send("POST", ACME + "/payments", new JsonObject().put("amountCents", 500), 201);
        TestApps.until(vertx, "the CREDIT_THRESHOLD suspension lifted", Duration.ofSeconds(1),
                () -> activeSuspensions("CREDIT_THRESHOLD").isEmpty());
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");
    }
}
