package io.callguard.server.cluster;

import io.callguard.server.OwnRedisServer;
import io.callguard.server.TestApps;
import io.callguard.testkit.sip.FakeSmsGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code state.redis.fallback: local} on two nodes (two processes, each with its own emulated Asterisk) sharing one
 * Redis, which this test runs itself on a free port and stops: while it is down, each node counts alone with its share
 * of every limit (T0 trunk cap 2 → 1 per node; SMS 1/s → node-a 1, node-b 0), 112 is always allowed, and every
 * decision is the policies' answer (no deadline verdict); once Redis is back (restarted empty) the nodes count in it
 * again and its counts hold every live call at once (written back by each node), so the trunk is full across the
 * nodes until a call ends. Skips without PostgreSQL, Redis or redis-server, unless {@code CI=true}.
 */
class RedisFallbackAcrossNodesTest extends ClusterFixture {
    private OwnRedisServer redis;
    private FakeSmsGateway gateway;

    @Override
    Map<String, String> settings() {
        Map<String, String> env = new HashMap<>(super.settings());
        env.put("CALLGUARD_STATE_REDIS_URL", redis.url());
        env.put("CALLGUARD_STATE_REDIS_FALLBACK", "local");
        env.put("CALLGUARD_STATE_REDIS_PROBE_INTERVAL", "200ms");
        // a Redis call fails well before the decision's own bound: the fallback answers, not onStateFailure
        env.put("CALLGUARD_STATE_TIMEOUT", "2s");
        // what every decision of the outage must be answered within, by the policies (sequential calls: no load)
        env.put("CALLGUARD_FASTAGI_DECISION_DEADLINE", "3s");
        env.put("CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT", "1s");
        env.put("CALLGUARD_CAPS_ORPHAN_GRACE", "1s");
        env.put("CALLGUARD_CTI_SMS_GATEWAY_URI", FakeSmsGateway.uri(gateway.port()));
        return env;
    }

    @AfterEach
    void stopRedisAndGateway() throws InterruptedException {
        if (redis != null) redis.stop();
        if (gateway != null) gateway.close();
    }

    @Test
    void whileRedisIsDownEachNodeAllowsItsShareAndOnceBackTheSharedCountHoldsEveryLiveCall() throws Exception {
        startRedis();
        gateway = new FakeSmsGateway(r -> 200);
        startBothWithAcme();
        String key = a.adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/api-keys", new JsonObject().put("label", "CRM"), 201)
                .bodyAsJsonObject().getString("secret");
        b.stop();
        b.start(Map.of()); // reads the key issued on A
        bothSeeEachOther();
        for (Node n : List.of(a, b)) {
            TestApps.until(vertx, n.name + " counting in Redis", Duration.ofSeconds(10),
                    () -> "REDIS".equals(ready(n).getString("state")));
        }

        // Redis up: node A carries one call of the T0 trunk
        Call first = call(a.outbound(MOBILE));
        assertThat(first.verdict()).isEqualTo("ALLOW");

        Map<Node, Integer> linesBefore = Map.of(a, a.process.lines().size(), b, b.process.lines().size());
        redis.stop();

        // node A (share 1, one call of its own): refused at once; node B (share 1): one allowed, the next refused
        Call aFull = call(a.outbound(MOBILE));
        assertThat(aFull.reason()).as("answered by the local share").isEqualTo("TRUNK_FULL");
        Call bFirst = call(b.outbound(MOBILE));
        assertThat(bFirst.verdict()).isEqualTo("ALLOW");
        assertThat(bFirst.reason()).as("allowed by the policies, not by a failure or the deadline").isNotIn("ERROR", "DEADLINE");
        Call bFull = call(b.outbound(MOBILE));
        assertThat(bFull.reason()).isEqualTo("TRUNK_FULL");
        for (Call refused : List.of(aFull, bFull)) await(refused.node().asterisk.hangup(refused.uniqueId(), 34));
        for (Node n : List.of(a, b)) assertThat(ready(n).getString("state")).isEqualTo("LOCAL_FALLBACK");
        // 112 always, on either node, over the full share
        Call aEmergency = call(a.outbound("112"));
        Call bEmergency = call(b.outbound("112"));
        for (Call c : List.of(aEmergency, bEmergency)) {
            assertThat(c.verdict()).isEqualTo("ALLOW");
            assertThat(c.reason()).isEqualTo("EMERGENCY");
        }
        Call bStillFull = call(b.outbound(MOBILE));
        assertThat(bStillFull.reason()).isEqualTo("TRUNK_FULL");
        await(b.asterisk.hangup(bStillFull.uniqueId(), 34));

        // SMS 1/s shared the same way: node-a (first in id order) takes the one, node-b's share is none
        List<HttpResponse<Buffer>> sms = List.of(await(sms(a, key, "a1")), await(sms(a, key, "a2")), await(sms(b, key, "b1")));
        assertThat(sms.stream().map(HttpResponse::statusCode).toList()).as(sms.stream().map(HttpResponse::bodyAsString).toList().toString())
                .containsExactly(202, 429, 429);

        // Redis back, empty (no persistence): both nodes count in it again, every live call counted at once
        startRedis();
        for (Node n : List.of(a, b)) {
            TestApps.until(vertx, n.name + " counting in Redis again", Duration.ofSeconds(10),
                    () -> "REDIS".equals(ready(n).getString("state")));
        }
        TestApps.until(vertx, "the four live calls (two of them 112) counted in Redis", Duration.ofSeconds(10),
                () -> inUse(a) == 4 && inUse(b) == 4);
        Call full = call(b.outbound(MOBILE));
        assertThat(full.reason()).as("shared counting: the trunk is full across the nodes").isEqualTo("TRUNK_FULL");
        await(b.asterisk.hangup(full.uniqueId(), 34));
        for (Call c : List.of(aEmergency, bEmergency, first)) await(c.node().asterisk.hangup(c.uniqueId(), 16));
        TestApps.until(vertx, "one call left", Duration.ofSeconds(10), () -> inUse(a) == 1 && inUse(b) == 1);
        Call again = call(a.outbound(MOBILE));
        assertThat(again.verdict()).as("node A past its outage share: the shared cap decides").isEqualTo("ALLOW");
        assertThat(call(b.outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
        assertThat(await(sms(b, key, "b2")).statusCode()).as("node B sends SMS again").isEqualTo(202);
        for (Node n : List.of(a, b)) {
            // the mode changes are logged once each, not per decision
            List<String> since = n.process.lines().subList(linesBefore.get(n), n.process.lines().size());
            assertThat(since).as(n.name).filteredOn(l -> l.contains("state backend unreachable")).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("WARN").contains("2 live node(s) [node-a, node-b]"));
            assertThat(since).as(n.name).filteredOn(l -> l.contains("state backend answers again")).hasSize(1);
        }
    }

    private Call call(Future<Call> f) { return await(f); }

    private Future<HttpResponse<Buffer>> sms(Node n, String key, String text) {
        return n.cti.post("/cti/v1/sms").bearerTokenAuthentication(key)
                .sendJsonObject(new JsonObject().put("from", DID).put("to", MOBILE).put("text", text));
    }

    private JsonObject ready(Node n) { return await(n.admin.get("/ready").send()).bodyAsJsonObject(); }

    private static int inUse(Node n) {
        return n.adminCall(HttpMethod.GET, "/admin/v1/trunks/" + TRUNK + "/usage", null, 200).bodyAsJsonObject().getInteger("inUse");
    }

    /**
     * Both nodes in the live nodes' set, and node-a has renewed its entry since node-b's appeared (its heartbeat read
     * both): each knows the other, so each divides by two.
     */
    private void bothSeeEachOther() {
        String nodes = namespace + ":nodes";
        TestApps.until(vertx, "both nodes heartbeating", Duration.ofSeconds(10),
                () -> score(nodes, "node-a") != null && score(nodes, "node-b") != null);
        String seen = score(nodes, "node-a");
        TestApps.until(vertx, "node-a renewed since", Duration.ofSeconds(10), () -> !seen.equals(score(nodes, "node-a")));
    }

    private String score(String key, String member) {
        try {
            String reply = ownRedis("ZSCORE", key, member);
            return reply.startsWith("$-1") ? null : reply;
        } catch (IOException e) {
            return null;
        }
    }

    /** One command to this test's Redis over RESP: the first reply line, then the next (a bulk string's value). */
    private String ownRedis(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", redis.port()), 1000);
            s.setSoTimeout(5000);
            StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
            for (String x : args) out.append('$').append(x.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(x).append("\r\n");
            OutputStream o = s.getOutputStream();
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            String line = readLine(in);
            return line.startsWith("$") && !line.equals("$-1") ? readLine(in) : line;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) line.append((char) c);
        return line.toString().trim();
    }

    /** This test's own redis-server, started (again, on the same port after a stop). */
    private void startRedis() {
        if (redis == null) redis = new OwnRedisServer(dir.resolve("redis"));
        redis.start();
    }
}
