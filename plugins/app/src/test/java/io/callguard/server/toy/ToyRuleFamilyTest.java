package io.callguard.server.toy;

import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.server.config.ConfigKeys;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new rule family added without editing any other module: the toy family, found on the class path, is loaded,
 * configured from the environment, declares a service the app finds, decides FastAGI calls, serves its admin route,
 * runs its timer, and is stopped with the app, all over real sockets.
 */
class ToyRuleFamilyTest {
    @TempDir Path dir;
    Vertx vertx = Vertx.vertx();
    CallguardApp app;

    @AfterEach
    void close() {
        if (app != null) await(app.stop());
        await(vertx.close());
    }

    @Test
    void aToyFamilyIsLoadedConfiguredServedAndStopped() {
        // loaded: the module SPI finds it with its policy, and its option is a known key with its environment variable
        assertThat(RuleModules.discover().all()).extracting(RuleModule::name).contains(ToyRuleModule.NAME);
        assertThat(RuleModules.discover().policyOwners()).containsEntry(ToyPolicyProvider.NAME, ToyRuleModule.NAME);
        assertThat(ConfigKeys.byPath(ToyRuleModule.BLOCKED_PREFIX)).isPresent();

        app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_TOY_BLOCKED_PREFIX", "0899",
                "CALLGUARD_POLICIES", "emergency,toy,default")));
        ToyRuleModule toy = ToyRuleModule.running().orElseThrow(() -> new AssertionError("the toy module did not start"));
        assertThat(toy.blockedPrefix()).as("configured from CALLGUARD_TOY_BLOCKED_PREFIX").isEqualTo("0899");
        assertThat(app.moduleService(ToyRuleModule.class)).as("its declared service, found by the app").isSameAs(toy);

        WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        EmulatedAgiClient agi = new EmulatedAgiClient(vertx);
        try {
            post(http, "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"));
            post(http, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "trunk-a").put("kind", "T2_IP"));

            // its policy decides FastAGI calls, in the chain the configuration names
            AgiSessionResult blocked = outbound(agi, "0899123456", "1764170000.1");
            assertThat(blocked.variable("CALLGUARD_VERDICT")).isEqualTo("DENY");
            assertThat(blocked.variable("CALLGUARD_REASON")).isEqualTo(ToyPolicy.REASON);
            assertThat(blocked.variable("CALLGUARD_CAUSE")).isEqualTo("21");
            AgiSessionResult other = outbound(agi, "0612345678", "1764170000.2");
            assertThat(other.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
            assertThat(other.variable("CALLGUARD_MAX_SECONDS")).isEqualTo("7200");
            assertThat(outbound(agi, "112", "1764170000.3").variable("CALLGUARD_REASON"))
                    .as("emergency stays first").isEqualTo("EMERGENCY");

            // its timer runs on the app's scheduler
            TestApps.until(vertx, "the toy timer ticked 3 times", Duration.ofSeconds(10), () -> toy.ticks() >= 3);

            // its admin route is served behind the admin API's authentication, with the configured value
            var served = await(http.get(ToyRuleModule.ROUTE).bearerTokenAuthentication(TestApps.TOKEN).send());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.bodyAsJsonObject().getString("blockedPrefix")).isEqualTo("0899");
            assertThat(served.bodyAsJsonObject().getInteger("ticks")).isGreaterThanOrEqualTo(3);
            assertThat(await(http.get(ToyRuleModule.ROUTE).send()).statusCode()).as("without the token").isEqualTo(401);
        } finally {
            http.close();
            await(agi.close());
        }

        // stopped with the app: the stop hook ran once, after the timer was cancelled, and the policy no longer refuses
        await(app.stop());
        app = null;
        assertThat(toy.stops()).isEqualTo(1);
        assertThat(toy.ticksAfterStop()).as("timer runs after the stop hook").isZero();
        assertThat(toy.ticks()).as("no tick once the app (and its Vert.x) stopped").isEqualTo(toy.ticksAtStop());
        assertThat(ToyRuleModule.running()).isEmpty();
    }

    private static void post(WebClient http, String path, JsonObject body) {
        var r = await(http.post(path).bearerTokenAuthentication(TestApps.TOKEN).sendJsonObject(body));
        assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(201);
    }

    private AgiSessionResult outbound(EmulatedAgiClient agi, String dialled, String uniqueId) {
        return await(agi.run("127.0.0.1", app.fastAgiPort(),
                AgiEnvironment.outbound("PJSIP/trunk-a-00000001", uniqueId, "acme", "0198765432", dialled)));
    }
}
