package io.callguard.server.e2e;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.tariff.WavHeader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The operator's prompt workflow against a running callguard: {@code testbed/prompts/render-prompts.sh --from-admin}
 * asks the admin API for the tariff prompts in use and renders each one as a WAV Asterisk plays as is (8000 Hz,
 * mono, 16-bit PCM). Needs espeak-ng, sox, curl and jq or python3: skipped without them on a workstation, failed
 * without them in CI ({@code CI=true}).
 */
class TariffPromptsRenderEndToEndTest {
    private static final Path SCRIPT = repositoryRoot().resolve("testbed/prompts/render-prompts.sh");
    private static final String NUMBERS = "/admin/v1/accounts/acme/numbers";

    @TempDir Path dir;
    Vertx vertx;
    CallguardApp app;
    WebClient http;

    @BeforeAll
    static void needsTheTools() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "command -v espeak-ng && command -v sox && command -v curl && { command -v jq || command -v python3; }")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (present) return;
        String why = "espeak-ng, sox, curl or jq/python3 is not installed (apt-get install -y espeak-ng sox curl jq): "
                + "the prompts cannot be rendered from the admin API";
        if ("true".equals(System.getenv("CI"))) fail(why + "; CI must install them");
        abort(why);
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        app = TestApps.start(TestApps.config(dir.resolve("db"), Map.of()));
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        post("/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"));
        post(NUMBERS, new JsonObject().put("number", "0899123456").put("chargeCents", 80).put("chargeUnit", "MINUTE"));
        post(NUMBERS, new JsonObject().put("number", "0899123457").put("chargeCents", 80).put("chargeUnit", "MINUTE"));
        post(NUMBERS, new JsonObject().put("number", "0821123456").put("chargeCents", 20).put("chargeUnit", "CALL"));
        post(NUMBERS, new JsonObject().put("number", "0892123456").put("chargeCents", 150).put("chargeUnit", "CALL")
                .put("announcement", false));
        post(NUMBERS, new JsonObject().put("number", "0800123456"));
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
    }

    private void post(String path, JsonObject body) {
        var r = await(http.post(path).bearerTokenAuthentication(TestApps.TOKEN).sendJsonObject(body));
        assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(201);
    }

    @Test
    void renderPromptsFromTheAdminApiGivesAn8kHzMonoWavPerPromptInUse() throws Exception {
        Path sounds = dir.resolve("sounds");
        Path log = dir.resolve("render.log");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--no-fixed", "--out", sounds.toString(),
                "--from-admin", "http://127.0.0.1:" + app.adminPort(), "-")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Token "-": taken from the environment, so that it stays out of the process list.
        builder.environment().put("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN);
        Process p = builder.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("render-prompts.sh did not finish in 90 s: " + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(TestApps.TOKEN);

        List<String> inUse = List.of("callguard/tariff/082-020-call", "callguard/tariff/089-080-min");
        try (var files = Files.walk(sounds)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wav")).map(f -> sounds.relativize(f).toString()))
                    .as("one WAV per prompt in use, none for a switched-off or free number")
                    .containsExactlyInAnyOrder("callguard/tariff/082-020-call.wav", "callguard/tariff/089-080-min.wav");
        }
        for (String prompt : inUse) {
            WavHeader wav = WavHeader.read(Files.readAllBytes(sounds.resolve(prompt + ".wav")));
            assertThat(wav.format()).as(prompt + " PCM").isEqualTo(1);
            assertThat(wav.sampleRate()).as(prompt + " sample rate").isEqualTo(8000);
            assertThat(wav.channels()).as(prompt + " channels").isEqualTo(1);
            assertThat(wav.bitsPerSample()).as(prompt + " bits").isEqualTo(16);
            assertThat(wav.seconds()).as(prompt + " duration").isBetween(1.0, 15.0);
        }
        assertThat(Files.readString(sounds.resolve("callguard/tariff/089-080-min.txt"), StandardCharsets.UTF_8))
                .isEqualTo("Service 0,80 € par minute plus prix d'un appel\n");
    }

    private static Path repositoryRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("testbed/prompts/render-prompts.sh"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("no testbed/prompts/render-prompts.sh above " + Path.of("").toAbsolutePath());
        return d;
    }
}
