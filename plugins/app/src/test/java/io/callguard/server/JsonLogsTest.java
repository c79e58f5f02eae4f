package io.callguard.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigLoader;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18: {@code logging.format: json}. The setting is checked; the console appender takes the JSON encoder; a
 * real callguard's lines, written by that encoder, carry the call's {@code uniqueId} and {@code accountId} on the
 * lines about a call (a FastAGI decision, an AMI channel of the call), on no other line, and no secret (admin token,
 * AMI secret, a CTI key) in any line.
 */
class JsonLogsTest {
    private static final String AMI_USER = "callguard";
    private static final String AMI_SECRET = "ami-secret-never-logged-42";
    /** The loggers that handle one call (their lines may carry the call). */
    private static final Set<String> CALL_LOGGERS = Set.of("io.callguard.asterisk.fastagi.AgiSession",
            "io.callguard.caps.CapReconciler");

    @TempDir Path dir;

    @Test
    void theSettingIsTextOrJsonAndNamedWhenWrong() {
        assertThat(ConfigLoader.load(Optional.empty(), env(null)).logging().json()).isFalse();
        assertThat(ConfigLoader.load(Optional.empty(), env("json")).logging().json()).isTrue();
        assertThat(ConfigLoader.load(Optional.empty(), env("JSON")).logging().json()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env("xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.format")
                .hasMessageContaining("must be text or json, got 'xml'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonSwitchesTheConsoleAppenderToTheJsonEncoder() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogFormat.CONSOLE);
        assertThat(appender).as("logback.xml's console appender").isInstanceOf(OutputStreamAppender.class);
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) appender;
        Encoder<ILoggingEvent> before = console.getEncoder();
        try {
            LogFormat.apply(ConfigLoader.load(Optional.empty(), env(null)).logging());
            assertThat(console.getEncoder()).as("text: unchanged").isSameAs(before);
            LogFormat.apply(ConfigLoader.load(Optional.empty(), env("json")).logging());
            assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);
            assertThat(console.isStarted()).isTrue();
        } finally {
            console.stop();
            console.setEncoder(before);
            console.start();
        }
    }

    @Test
    void aRealCallsLinesCarryItsUniqueIdAndAccountAndNoSecret() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setName("json-capture");
        capture.setEncoder(LogFormat.jsonEncoder(context));
        capture.setOutputStream(out);
        capture.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger session = context.getLogger("io.callguard.asterisk.fastagi.AgiSession");
        Logger reconciler = context.getLogger("io.callguard.caps.CapReconciler");
        Level sessionLevel = session.getLevel();
        Level reconcilerLevel = reconciler.getLevel();
        session.setLevel(Level.DEBUG);
        reconciler.setLevel(Level.DEBUG);
        root.addAppender(capture);

        Vertx vertx = Vertx.vertx();
        EmulatedAmiServer asterisk = new EmulatedAmiServer(vertx, AMI_USER, AMI_SECRET);
        EmulatedAgiClient agi = new EmulatedAgiClient(vertx);
        CallguardApp app = null;
        WebClient http = null;
        String ctiSecret;
        try {
            int amiPort = await(asterisk.start());
            // a longer bound than TestApps.start's: the first start of a JVM on a loaded machine may take over 20 s
            app = CallguardApp.start(TestApps.config(dir, Map.of("CALLGUARD_LOGGING_FORMAT", "json",
                    "CALLGUARD_AMI_ENABLED", "true", "CALLGUARD_AMI_PORT", Integer.toString(amiPort),
                    "CALLGUARD_AMI_USERNAME", AMI_USER, "CALLGUARD_AMI_SECRET", AMI_SECRET,
                    "CALLGUARD_AMI_RECONNECT_MIN", "20ms", "CALLGUARD_AMI_RECONNECT_MAX", "200ms")),
                    new io.callguard.core.time.MutableClock(TestApps.T0))
                    .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(app.config().logging().json()).isTrue();
            CallguardApp started = app;
            http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
            post(http, "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme"));
            post(http, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "trunk-a").put("kind", "T0_IP"));
            ctiSecret = post(http, "/admin/v1/accounts/acme/api-keys", new JsonObject().put("label", "CRM")).getString("secret");
            TestApps.until(vertx, "AMI synchronised", Duration.ofSeconds(10), () -> started.engine() != null
                    && "UP".equals(readiness(started)));

            // a decision over FastAGI
            AgiSessionResult decided = await(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                    "PJSIP/trunk-a-00000001", "1764170000.1", "acme", "0198765432", "0612345678")));
            assertThat(decided.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
            // a channel AMI tells of, not decided by callguard (adopted by the call caps)
            await(asterisk.addChannel("1764170000.7", "1764170000.7", "PJSIP/trunk-a-00000007", "acme", "0198765432",
                    "0612345678", "Up"));
            TestApps.until(vertx, "the adopted channel's line", Duration.ofSeconds(10),
                    () -> lines(out).stream().anyMatch(l -> "1764170000.7".equals(l.getString("uniqueId"))));
        } finally {
            if (http != null) http.close();
            if (app != null) await(app.stop());
            await(agi.close());
            await(asterisk.close());
            await(vertx.close());
            root.detachAppender(capture);
            capture.stop();
            session.setLevel(sessionLevel);
            reconciler.setLevel(reconcilerLevel);
        }

        List<JsonObject> lines = lines(out);
        assertThat(lines).as("every line is one JSON object").isNotEmpty()
                .allSatisfy(l -> assertThat(l.getString("message")).isNotNull());
        assertThat(lines).as("the decision's line").anySatisfy(l -> {
            assertThat(l.getString("logger_name")).isEqualTo("io.callguard.asterisk.fastagi.AgiSession");
            assertThat(l.getString("message")).contains("ALLOW");
            assertThat(l.getString("uniqueId")).isEqualTo("1764170000.1");
            assertThat(l.getString("accountId")).isEqualTo("acme");
        });
        assertThat(lines).as("the AMI channel's line").anySatisfy(l -> {
            assertThat(l.getString("logger_name")).isEqualTo("io.callguard.caps.CapReconciler");
            assertThat(l.getString("uniqueId")).isEqualTo("1764170000.7");
            assertThat(l.getString("accountId")).isEqualTo("acme");
        });
        assertThat(lines).as("no call's fields leak onto the other lines of the threads that served the calls")
                .filteredOn(l -> l.containsKey("uniqueId") || l.containsKey("accountId"))
                .allSatisfy(l -> assertThat(CALL_LOGGERS).contains(l.getString("logger_name")));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(TestApps.TOKEN).doesNotContain(AMI_SECRET).doesNotContain(ctiSecret);
    }

    /** The least a configuration needs (AMI off, an admin token), with {@code logging.format} when given. */
    private static Map<String, String> env(String format) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("CALLGUARD_AMI_ENABLED", "false",
                "CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN));
        if (format != null) env.put("CALLGUARD_LOGGING_FORMAT", format);
        return env;
    }

    private static String readiness(CallguardApp app) {
        WebClient c = WebClient.create(app.vertx());
        try {
            return await(c.get(app.adminPort(), "127.0.0.1", "/ready").send()).bodyAsJsonObject().getString("ami");
        } finally {
            c.close();
        }
    }

    private static JsonObject post(WebClient http, String path, JsonObject body) {
        var r = await(http.post(path).bearerTokenAuthentication(TestApps.TOKEN).sendJsonObject(body));
        assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    private static List<JsonObject> lines(ByteArrayOutputStream out) {
        List<JsonObject> lines = new ArrayList<>();
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) lines.add(new JsonObject(line));
        }
        return lines;
    }
}
