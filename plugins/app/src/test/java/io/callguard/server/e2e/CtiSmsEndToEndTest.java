package io.callguard.server.e2e;

import io.callguard.testkit.sip.FakeSmsGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CTI SMS (R8) end to end: HTTP in, the SMS limits of the contract (1/s and 10/min per account, exact under
 * concurrency), 114, idempotency, SIP MESSAGE out to a fake gateway on 127.0.0.1, status callbacks, and delivery of
 * an accepted SMS across a restart.
 */
class CtiSmsEndToEndTest extends CtiEndToEndFixture {
    private int gatewayPort;
    private FakeSmsGateway gateway;

    @Override Map<String, String> settings() {
        return Map.of("CALLGUARD_CTI_SMS_GATEWAY_URI", FakeSmsGateway.uri(gatewayPort),
                "CALLGUARD_CTI_SMS_FIRST_RETRY_DELAY", "100ms",
                // room for the burst of 30 plus the requests that follow it in the same instant
                "CALLGUARD_CTI_REQUESTS_BURST", "50",
                // the callback receiver is this test's server on 127.0.0.1, refused by default (SSRF guard)
                "CALLGUARD_CTI_CALLBACKS_ALLOW_PRIVATE_ADDRESSES", "true");
    }

    @Override void beforeStart() {
        gatewayPort = FakeSmsGateway.freeUdpPort();
        try {
            gateway = new FakeSmsGateway(gatewayPort, r -> 200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override void afterStop() { if (gateway != null) gateway.close(); }

    private static JsonObject body(HttpResponse<Buffer> r) { return r.bodyAsJsonObject(); }

    private HttpResponse<Buffer> acme(String text, int expected) {
        HttpResponse<Buffer> r = await(sendSms(acmeKey, ACME_NUMBER, RECIPIENT, text));
        assertThat(r.statusCode()).as(text + ": " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    private static void assertRefused(HttpResponse<Buffer> r, String window, long retryAfter) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.getHeader("Retry-After")).isEqualTo(Long.toString(retryAfter));
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject p = r.bodyAsJsonObject();
        assertThat(p.getString("type")).isEqualTo("urn:callguard:problem:sms-rate-limit");
        assertThat(p.getString("window")).isEqualTo(window);
        assertThat(p.getString("article")).isEqualTo("CP Téléphonie §1.5 (R8)");
        assertThat(p.getString("detail")).contains(window).contains("CP Téléphonie §1.5");
    }

    private Set<String> receivedIds() {
        Set<String> ids = new HashSet<>();
        for (FakeSmsGateway.Received r : gateway.received()) ids.add(r.smsId());
        return ids;
    }

    @Test
    void ofThirtySimultaneousSmsOneIsAcceptedThenOnePerSecondAndTheEleventhInAnyMinuteIsRefused() {
        List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) burst.add(sendSms(acmeKey, ACME_NUMBER, RECIPIENT, "burst " + i));
        await(Future.join(burst));
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<Buffer>> f : burst) {
            HttpResponse<Buffer> r = f.result();
            if (r.statusCode() == 202) {
                accepted.add(body(r).getString("id"));
                assertThat(r.getHeader("Location")).isEqualTo("/cti/v1/sms/" + body(r).getString("id"));
                assertThat(body(r).getString("status")).isEqualTo("queued");
                assertThat(body(r).getInteger("segments")).isEqualTo(1);
                assertThat(body(r).getString("encoding")).isEqualTo("GSM7");
            } else {
                assertRefused(r, "1/s", 1);
                refused++;
            }
        }
        assertThat(accepted).hasSize(1);
        assertThat(refused).isEqualTo(29);
        assertThat(app.state().slidingWindows().tracked("sms:")).as("the limits count in the app's state backend")
                .isEqualTo(1);

        // another account has its own budget; 114 goes through while acme is at its limit
        HttpResponse<Buffer> globex = await(sendSms(globexKey, GLOBEX_NUMBER, RECIPIENT, "globex"));
        assertThat(globex.statusCode()).as(globex.bodyAsString()).isEqualTo(202);
        HttpResponse<Buffer> emergency = await(sendSms(acmeKey, ACME_NUMBER, "114", "Je suis sourd, incendie au 3 rue X"));
        assertThat(emergency.statusCode()).as(emergency.bodyAsString()).isEqualTo(202);
        assertThat(body(emergency).getBoolean("emergency")).isTrue();
        List<String> others = List.of(body(globex).getString("id"), body(emergency).getString("id"));

        for (int second = 1; second <= 9; second++) {
            clock.advance(Duration.ofSeconds(1));
            accepted.add(body(acme("second " + second, 202)).getString("id"));
            // both windows full at 9 s: the refusal names the one with the longer wait
            if (second < 9) assertRefused(acme("again " + second, 429), "1/s", 1);
            else assertRefused(acme("again " + second, 429), "10/min", 51);
        }
        clock.advance(Duration.ofSeconds(1)); // t = 10 s: the 11th within [0 s, 60 s)
        assertRefused(acme("eleventh", 429), "10/min", 50);
        clock.advance(Duration.ofSeconds(49)); // t = 59 s
        assertRefused(acme("still the eleventh", 429), "10/min", 1);
        clock.advance(Duration.ofSeconds(1)); // t = 60 s: the SMS of t = 0 s left the window
        accepted.add(body(acme("a minute later", 202)).getString("id"));
        assertThat(accepted).hasSize(11);

        Set<String> expected = new HashSet<>(accepted);
        expected.addAll(others);
        until("every accepted SMS reached the gateway", Duration.ofSeconds(15), () -> gateway.received().size() >= 13);
        // each poll reads 11 statuses through the API: a second passes per poll so that the key's request allowance
        // (20/s) refills instead of running dry on a slow machine and answering 429
        until("every accepted SMS is sent", Duration.ofSeconds(15), () -> {
            clock.advance(Duration.ofSeconds(1));
            return accepted.stream().allMatch(id -> "sent".equals(sms(acmeKey, id).getString("status")));
        });
        assertThat(gateway.received()).as("once each").hasSize(13);
        assertThat(receivedIds()).isEqualTo(expected);
    }

    @Test
    void statusCallbacksTellQueuedAndSentAGateway503EndsFailedAndAnIdempotencyKeyReplays() throws Exception {
        JsonObject request = new JsonObject().put("from", "+33140000001").put("to", RECIPIENT)
                .put("text", "Votre RDV est confirmé €").put("statusCallback", callbackUrl());
        HttpResponse<Buffer> r = await(ctiRequest(HttpMethod.POST, "/cti/v1/sms", acmeKey, request, "order-42"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = body(r).getString("id");

        Set<String> told = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            JsonObject c = nextCallback();
            assertThat(c.getString("id")).isEqualTo(id);
            told.add(c.getString("status"));
        }
        assertThat(told).containsExactlyInAnyOrder("queued", "sent");
        JsonObject sent = sms(acmeKey, id);
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(sent.getString("from")).isEqualTo(ACME_NUMBER);
        JsonArray history = sent.getJsonArray("history");
        assertThat(history.getJsonObject(0).getString("status")).isEqualTo("queued");
        assertThat(history.getJsonObject(1).getString("status")).isEqualTo("sent");
        assertThat(history.getJsonObject(1).getInteger("code")).isEqualTo(200);
        FakeSmsGateway.Received m = gateway.received().get(0);
        assertThat(m.body()).isEqualTo("Votre RDV est confirmé €");
        assertThat(m.callId()).startsWith(id + "@");

        // the same request again (a lost reply): the same SMS, not counted against 1/s, not sent twice
        HttpResponse<Buffer> replay = await(ctiRequest(HttpMethod.POST, "/cti/v1/sms", acmeKey, request, "order-42"));
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(body(replay).getString("id")).isEqualTo(id);
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
        HttpResponse<Buffer> reused = await(ctiRequest(HttpMethod.POST, "/cti/v1/sms", acmeKey,
                request.copy().put("text", "autre chose"), "order-42"));
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(body(reused).getString("existingId")).isEqualTo(id);

        gateway.answerWith(x -> 503);
        clock.advance(Duration.ofSeconds(1));
        String refused = body(acme("to a gateway that refuses", 202)).getString("id");
        until("failed", Duration.ofSeconds(15), () -> "failed".equals(sms(acmeKey, refused).getString("status")));
        JsonArray failed = sms(acmeKey, refused).getJsonArray("history");
        assertThat(failed.size()).isEqualTo(2);
        assertThat(failed.getJsonObject(0).getString("status")).isEqualTo("queued");
        assertThat(failed.getJsonObject(1).getString("status")).isEqualTo("failed");
        assertThat(failed.getJsonObject(1).getInteger("code")).isEqualTo(503);
        assertThat(gateway.received()).extracting(FakeSmsGateway.Received::smsId).containsExactly(id, refused);
    }

    @Test
    void anSmsAcceptedWhileTheGatewayIsDownIsSentOnceAfterARestart() throws Exception {
        gateway.close(); // down: the MESSAGE gets no answer
        String id = body(acme("accepted before the restart", 202)).getString("id");
        stop();
        assertThat(gateway.received()).isEmpty();

        gateway = new FakeSmsGateway(gatewayPort, r -> 200);
        start(); // same H2 directory, same clock
        until("sent after the restart", Duration.ofSeconds(15), () -> "sent".equals(sms(acmeKey, id).getString("status")));
        assertThat(gateway.received()).extracting(FakeSmsGateway.Received::smsId).containsExactly(id);
        assertThat(sms(acmeKey, id).getJsonArray("history").size()).isEqualTo(2);
    }

    @Test
    void invalidRequestsNameTheirField() {
        HttpResponse<Buffer> notMine = await(sendSms(acmeKey, GLOBEX_NUMBER, RECIPIENT, "hello"));
        assertThat(notMine.statusCode()).isEqualTo(403);
        assertThat(body(notMine).getString("detail")).startsWith("from:");
        assertThat(body(notMine).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("from");

        HttpResponse<Buffer> empty = await(sendSms(acmeKey, ACME_NUMBER, RECIPIENT, ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(body(empty).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("text");
        HttpResponse<Buffer> badTo = await(sendSms(acmeKey, ACME_NUMBER, "call-me", "hello"));
        assertThat(badTo.statusCode()).isEqualTo(400);
        assertThat(body(badTo).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("to");
        HttpResponse<Buffer> unknown = await(ctiRequest(HttpMethod.POST, "/cti/v1/sms", acmeKey,
                new JsonObject().put("from", ACME_NUMBER).put("to", RECIPIENT).put("txt", "x"), null));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(gateway.received()).isEmpty();
    }
}
