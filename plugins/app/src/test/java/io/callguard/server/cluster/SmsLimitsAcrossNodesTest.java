package io.callguard.server.cluster;

import io.callguard.testkit.sip.FakeSmsGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R8 across two nodes: an account's SMS limits (1 per second and 10 per minute, in any window) hold whichever node
 * its business application reaches. The nodes run on the system clock: the spaced sends are real seconds apart,
 * scheduled by timers (the test never sleeps).
 */
class SmsLimitsAcrossNodesTest extends ClusterFixture {
    private FakeSmsGateway gateway;
    private String key;

    @Override
    Map<String, String> settings() {
        Map<String, String> env = new java.util.HashMap<>(super.settings());
        env.put("CALLGUARD_CTI_SMS_GATEWAY_URI", FakeSmsGateway.uri(gateway.port()));
        return env;
    }

    private void startWithAKey() throws Exception {
        gateway = new FakeSmsGateway(r -> 200);
        startBothWithAcme();
        // the key is issued on A; B reads it from the store (changes made after its start reach it through the
        // cluster's change feed, see the config-sync tests)
        key = a.adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/api-keys", new JsonObject().put("label", "CRM"), 201)
                .bodyAsJsonObject().getString("secret");
        b.stop();
        b.start(Map.of());
    }

    @AfterEach
    void stopGateway() { if (gateway != null) gateway.close(); }

    private Future<HttpResponse<Buffer>> sms(Node n, String text) {
        return n.cti.post("/cti/v1/sms").bearerTokenAuthentication(key)
                .sendJsonObject(new JsonObject().put("from", DID).put("to", MOBILE).put("text", text));
    }

    @Test
    void ofThirtySimultaneousSmsSplitAcrossTwoNodesExactlyOneIsAccepted() throws Exception {
        startWithAKey();
        List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            burst.add(sms(a, "burst a" + i));
            burst.add(sms(b, "burst b" + i));
        }
        await(Future.join(burst));
        List<Integer> codes = burst.stream().map(f -> f.result().statusCode()).toList();
        assertThat(codes.stream().filter(c -> c == 202).count()).as("accepted over both nodes: " + codes).isEqualTo(1);
        assertThat(codes.stream().filter(c -> c == 429).count()).isEqualTo(29);
        assertThat(burst.stream().map(Future::result).filter(r -> r.statusCode() == 429))
                .allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("window")).isEqualTo("1/s"));
    }

    @Test
    void elevenSmsSpacedOnePointOneSecondsApartAlternatingNodesTheEleventhIsRefusedByTheMinuteWindow() throws Exception {
        startWithAKey();
        // each one 1.1 s after the previous one's answer, not on a fixed schedule: a node slowed down by a busy machine
        // may stamp an SMS later than it was sent, never earlier than its answer, so no two come within a second
        List<HttpResponse<Buffer>> answers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Node n = i % 2 == 0 ? a : b;
            String text = "spaced " + i;
            Promise<HttpResponse<Buffer>> p = Promise.promise();
            vertx.setTimer(i == 0 ? 1 : 1100L, t -> sms(n, text).onComplete(p));
            answers.add(await(p.future()));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(answers.get(i).statusCode()).as("SMS " + (i + 1) + ": " + answers.get(i).bodyAsString()).isEqualTo(202);
        }
        HttpResponse<Buffer> eleventh = answers.get(10);
        assertThat(eleventh.statusCode()).as(eleventh.bodyAsString()).isEqualTo(429);
        assertThat(eleventh.bodyAsJsonObject().getString("window")).isEqualTo("10/min");
    }
}
