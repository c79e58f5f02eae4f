package io.callguard.server.cluster;

import io.callguard.server.TestApps;
import io.callguard.server.TestPostgresSchema;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two callguard nodes, each its own process with its own emulated Asterisk (AMI over a real socket, FastAGI sessions
 * from this test as that Asterisk would open them), sharing this machine's PostgreSQL (a throw-away schema) and Redis
 * (a namespace of this test's own). Without PostgreSQL or Redis the tests skip, saying which, unless {@code CI=true},
 * where they fail.
 */
abstract class ClusterFixture {
    static final String AMI_USER = "callguard";
    static final String AMI_SECRET = "cluster-ami-secret";
    static final String TRUNK = "trunk-a";
    static final String DID = "0198765432";
    static final String MOBILE = "0612345678";
    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;

    /** One call as an emulated Asterisk made it: the node that decided, its uniqueid and callguard's answer. */
    record Call(Node node, String uniqueId, AgiSessionResult result) {
        String verdict() { return result.variable("CALLGUARD_VERDICT"); }
        String reason() { return result.variable("CALLGUARD_REASON"); }
    }

    /** A node and what stands around it: its process, its Asterisk, its HTTP clients. */
    final class Node {
        final String name;
        final EmulatedAmiServer asterisk;
        NodeProcess process;
        WebClient admin;
        WebClient cti;
        private final AtomicInteger channels = new AtomicInteger(1);

        Node(String name) {
            this.name = name;
            this.asterisk = new EmulatedAmiServer(vertx, AMI_USER, AMI_SECRET).loginFailureDelay(Duration.ofMillis(20));
        }

        void start(Map<String, String> extra) throws IOException {
            Map<String, String> env = new HashMap<>(settings());
            env.putAll(extra);
            env.put("CALLGUARD_AMI_ENABLED", "true");
            env.put("CALLGUARD_AMI_PORT", Integer.toString(asterisk.port()));
            env.put("CALLGUARD_AMI_USERNAME", AMI_USER);
            env.put("CALLGUARD_AMI_SECRET", AMI_SECRET);
            env.put("CALLGUARD_AMI_RECONNECT_MIN", "20ms");
            env.put("CALLGUARD_AMI_RECONNECT_MAX", "200ms");
            // hundreds of simultaneous sessions on a small machine: never let the fail-open deadline answer (unless the
            // test's settings() chose a deadline of its own)
            env.putIfAbsent("CALLGUARD_FASTAGI_DECISION_DEADLINE", "10s");
            process = NodeProcess.start(name, dir, env).awaitStarted(vertx);
            admin = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(process.adminPort()));
            cti = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(process.ctiPort()));
            TestApps.until(vertx, name + " ready (store, AMI)", Duration.ofSeconds(60),
                    () -> await(admin.get("/ready").send()).statusCode() == 200);
        }

        HttpResponse<Buffer> adminCall(HttpMethod method, String path, JsonObject body, int expected) {
            HttpRequest<Buffer> request = admin.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
            HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
            assertThat(r.statusCode()).as(name + ": " + method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
            return r;
        }

        /** An outbound call from trunk-a on this node's Asterisk: Newchannel, then the FastAGI question. */
        Future<Call> outbound(String dialled) {
            String id = asterisk.nextUniqueId();
            String channel = String.format("PJSIP/%s-%08x", TRUNK, channels.getAndIncrement());
            return asterisk.addChannel(id, id, channel, "acme", DID, dialled, "Ring")
                    .compose(v -> agi.run("127.0.0.1", process.fastAgiPort(), AgiEnvironment.outbound(channel, id, "acme", DID, dialled)))
                    .map(r -> new Call(this, id, r));
        }

        void stop() throws InterruptedException {
            if (admin != null) admin.close();
            if (cti != null) cti.close();
            if (process != null) process.close();
        }
    }

    @TempDir Path dir;
    Vertx vertx;
    EmulatedAgiClient agi;
    TestPostgresSchema pg;
    String namespace;
    Node a;
    Node b;

    /** The settings both nodes share: one store, one Redis namespace, the redis state backend. */
    Map<String, String> settings() {
        Map<String, String> env = new HashMap<>(pg.storeSettings());
        env.put("CALLGUARD_STATE_BACKEND", "redis");
        env.put("CALLGUARD_STATE_REDIS_URL", "redis://" + REDIS_HOST + ":" + REDIS_PORT + "/0");
        env.put("CALLGUARD_STATE_REDIS_NAMESPACE", namespace);
        // hundreds of simultaneous decisions on two cold JVMs sharing 2 cores: the exactness is under test here, not
        // the failure mode (RedisOutageEndToEndTest), so the state calls may wait (the deadline is 10 s)
        env.put("CALLGUARD_STATE_TIMEOUT", "5s");
        env.put("CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT", "4s");
        return env;
    }

    @BeforeEach
    void startTheWorld() throws Exception {
        pg = new TestPostgresSchema("cg_cluster_");
        String why = pg.unavailable() != null ? pg.unavailable() : redisUnavailable();
        if (why != null) {
            assertThat("true".equals(System.getenv("CI"))).as("CI=true requires PostgreSQL and Redis: " + why).isFalse();
            Assumptions.abort(why + ": the cluster tests need PostgreSQL and Redis");
        }
        namespace = "cgtest" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        vertx = Vertx.vertx();
        agi = new EmulatedAgiClient(vertx);
        a = new Node("node-a");
        b = new Node("node-b");
        await(a.asterisk.start());
        await(b.asterisk.start());
    }

    @AfterEach
    void stopTheWorld() throws Exception {
        if (a != null) a.stop();
        if (b != null) b.stop();
        if (a != null) await(a.asterisk.close());
        if (b != null) await(b.asterisk.close());
        if (agi != null) await(agi.close());
        if (vertx != null) await(vertx.close());
        if (pg != null && pg.unavailable() == null) pg.drop();
        if (namespace != null && redisUnavailable() == null) redis("EVAL", "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do "
                + "redis.call('DEL', k) end return 0", "0", namespace + ":*");
    }

    /** Both nodes started; node A seeds account acme, T0 trunk trunk-a and its number before node B starts. */
    void startBothWithAcme() throws IOException { startBothWithAcme(Map.of()); }

    /** The same, both nodes with these extra settings. */
    void startBothWithAcme(Map<String, String> extra) throws IOException {
        a.start(extra);
        a.adminCall(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"), 201);
        a.adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", TRUNK).put("kind", "T0_IP"), 201);
        a.adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/numbers", new JsonObject().put("number", DID).put("trunkId", TRUNK), 201);
        b.start(extra);
    }

    static List<Call> all(List<Future<Call>> calls) {
        await(Future.all(calls));
        List<Call> out = new ArrayList<>();
        for (Future<Call> f : calls) out.add(f.result());
        return out;
    }

    static List<Call> withVerdict(List<Call> calls, String verdict) {
        return calls.stream().filter(c -> verdict.equals(c.verdict())).toList();
    }

    static String redisUnavailable() {
        try {
            String pong = redis("PING");
            return pong.startsWith("+PONG") ? null : "Redis at " + REDIS_HOST + ":" + REDIS_PORT + " answered " + pong;
        } catch (IOException e) {
            return "Redis not reachable at " + REDIS_HOST + ":" + REDIS_PORT + " (" + e.getMessage() + ")";
        }
    }

    /** One Redis command over RESP, its first reply line (enough for PING and the clean-up). */
    static String redis(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1000);
            s.setSoTimeout(5000);
            StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream o = s.getOutputStream();
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) line.append((char) c);
            return line.toString().trim();
        }
    }
}
