package io.callguard.server.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The operations page end to end in headless Chromium (issue 18): callguard with an emulated Asterisk over real
 * sockets, the page driven by {@code src/test/browser/ops-page.mjs} (Node, playwright-core pinned in its
 * package-lock.json, Debian's {@code chromium}). The test logs in through the form (a wrong token first), starts calls
 * through the emulated Asterisk and sees trunk-a's bar move 0 → 1 → 2 (full), a third call refused and counted under
 * TRUNK_FULL, a suspension and a scheduled one listed with reason and article, a refused call under LINE_SUSPENDED, a
 * hang-up bringing the bar down; checks that the token went into no address, storage nor cookie, that the page logged
 * no error (a CSP violation included), every text's contrast and every input's label, and no horizontal scroll at
 * 375 px. Screenshots: {@code target/ui-screenshots/ops-page.png} (desktop, with the live calls) and
 * {@code ops-page-phone.png}. Skipped when node, chromium or the npm packages are missing, except under
 * {@code CI=true} (where {@code .ci/run} installs them), where that is a failure.
 */
class OpsPageBrowserTest extends CapsEndToEndFixture {
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final Path SHOTS = Path.of("target/ui-screenshots");
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /** Why the browser test cannot run here, null when it can. */
    private static String missing(String chromium) {
        if (!runs("node", "--version")) return "node is not installed (apt-get install nodejs npm)";
        if (!Files.isExecutable(Path.of(chromium))) return chromium + " is missing (apt-get install chromium)";
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
            return "playwright-core is not installed (cd plugins/app/src/test/browser && npm ci)";
        }
        return null;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Node driver: one JSON command a line in, one JSON answer a line out; the token as the first line. */
    private static final class Page implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> out = new LinkedBlockingQueue<>();

        Page(String url, String chromium, String token, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("node", "ops-page.mjs").directory(SCRIPT_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().put("OPS_URL", url);
            pb.environment().put("CHROMIUM", chromium);
            process = pb.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) out.add(line);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "ops-page-driver-out");
            reader.setDaemon(true);
            reader.start();
            in.write(token + "\n"); // on stdin, never on the command line
            in.flush();
        }

        /** Sends one command and returns its answer, failing the test when the page did not do it. */
        JsonObject expect(JsonObject command) throws Exception {
            JsonObject answer = ask(command);
            assertThat(answer.getBoolean("ok")).as(command.encode() + " → " + answer.encode()).isTrue();
            return answer;
        }

        JsonObject ask(JsonObject command) throws Exception {
            in.write(command.encode() + "\n");
            in.flush();
            String line = out.poll(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (line == null) fail("the browser driver did not answer " + command.encode() + " (see target/ui-screenshots/browser.log)");
            return new JsonObject(line);
        }

        @Override public void close() throws Exception {
            try {
                if (process.isAlive()) ask(new JsonObject().put("cmd", "quit"));
            } catch (Exception ignored) {
                // stopped below anyway
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static JsonObject cmd(String name) { return new JsonObject().put("cmd", name); }

    private static JsonObject waitAttr(String selector, String attr, String value) {
        return cmd("waitAttr").put("selector", selector).put("attr", attr).put("value", value);
    }

    private static JsonObject waitText(String selector, String text) {
        return cmd("waitText").put("selector", selector).put("text", text);
    }

    private static JsonObject waitCount(String selector, int count) {
        return cmd("waitCount").put("selector", selector).put("count", count);
    }

    private static final String TRUNK_METER = "[data-trunk=\"" + TRUNK + "\"] [role=meter]";

    @Test
    void theOperationsPageShowsTheLiveCallsTheTrunksTheSuspensionsAndTheRefusals() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String why = missing(chromium);
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) fail(why + ": CI=true makes this a failure");
            Assumptions.abort(why + ": skipping the browser test; set CI=true to make this a failure");
        }
        Files.createDirectories(SHOTS);
        String url = "http://127.0.0.1:" + app.adminPort() + "/admin/ui/";
        try (Page page = new Page(url, chromium, io.callguard.server.TestApps.TOKEN, SHOTS.resolve("browser.log"))) {
            assertThat(page.expect(cmd("open")).getString("title")).contains("callguard");

            // a wrong token is refused by the API and said so; the right one opens the dashboard
            assertThat(page.expect(cmd("login").put("wrong", "not-the-admin-token-000")).getString("error"))
                    .contains("not the admin token");
            page.expect(cmd("login"));
            page.expect(waitText("#ami", "UP"));
            page.expect(waitText("#store", "UP"));
            page.expect(waitAttr(TRUNK_METER, "aria-valuenow", "0"));
            page.expect(waitText("#calls-count", "(0)"));
            page.expect(waitText("#susp-count", "(0 active, 0 scheduled)"));

            // calls through the emulated Asterisk: the bar moves with each one
            Call first = call(outbound(MOBILE));
            assertThat(first.verdict()).isEqualTo("ALLOW");
            page.expect(waitAttr(TRUNK_METER, "aria-valuenow", "1"));
            assertThat(page.expect(cmd("width").put("selector", TRUNK_METER + " > span")).getDouble("ratio")).isEqualTo(0.5);
            page.expect(waitCount("#calls-body tr", 1));
            Call second = call(outbound("0140000000"));
            assertThat(second.verdict()).isEqualTo("ALLOW");
            await(asterisk.answer(second.uniqueId()));
            page.expect(waitAttr(TRUNK_METER, "aria-valuenow", "2"));
            page.expect(waitCount("#calls-body tr", 2));
            assertThat(page.expect(cmd("width").put("selector", TRUNK_METER + " > span")).getDouble("ratio")).isEqualTo(1.0);
            page.expect(waitText("[data-trunk=\"" + TRUNK + "\"] .figure", "2 / 2 (full)"));
            page.expect(waitText("#calls-body", first.channel()));
            page.expect(waitText("#calls-body", "0140000000"));

            // T0 full: the third call is refused and counted
            // (Asterisk plays the refused call its prompt and hangs it up)
            Call third = call(outbound("0150000000"));
            assertThat(third.reason()).isEqualTo("TRUNK_FULL");
            hangup(third, 34);
            page.expect(waitText("[data-reason=TRUNK_FULL] .figure", "1"));

            // suspensions: one now, one in 8 days (CGV 8.4), listed with reason and article
            send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "NON_PAYMENT"), 201);
            send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "MISSING_DEPOSIT")
                    .put("trunkId", TRUNK).put("startsAt", clock.instant().plus(Duration.ofDays(8)).toString()), 201);
            page.expect(waitText("#susp-count", "(1 active, 1 scheduled)"));
            page.expect(waitCount("#susp-body tr[data-account=acme]", 2));
            List<String> rows = page.expect(cmd("texts").put("selector", "#susp-body tr")).getJsonArray("texts")
                    .stream().map(Object::toString).toList();
            assertThat(rows.get(0)).contains("active", "whole account", "NON_PAYMENT", "CGV 8.4");
            assertThat(rows.get(1)).contains("scheduled", "trunk " + TRUNK, "MISSING_DEPOSIT", "CGV 12.1");

            // a suspended line's outbound call is refused (LINE_SUSPENDED), and the page counts it
            Call suspended = call(outbound("0160000000"));
            assertThat(suspended.reason()).isEqualTo("LINE_SUSPENDED");
            hangup(suspended, 21);
            page.expect(waitText("[data-reason=LINE_SUSPENDED] .figure", "1"));
            page.expect(waitText("#denials-count", "(2 in the last 15 minutes)"));

            // the calls have lasted a while on callguard's clock; the screenshot shows the live calls
            clock.advance(Duration.ofSeconds(83));
            page.expect(waitText("#calls-body", "1:23"));
            page.expect(waitCount("#calls-body tr", 2));
            page.expect(waitAttr(TRUNK_METER, "aria-valuenow", "2"));
            page.expect(cmd("screenshot").put("path", SHOTS.resolve("ops-page.png").toAbsolutePath().toString()));
            JsonObject desktop = page.expect(cmd("audit"));
            assertThat(desktop.getJsonArray("lowContrast")).as("texts under 4.5:1 (3:1 large)").isEmpty();
            assertThat(desktop.getInteger("checked")).isGreaterThan(20);
            assertThat(desktop.getJsonArray("unlabelled")).isEmpty();
            assertThat(desktop.getInteger("metersWithoutLabel")).isZero();

            // a hang-up: the bar comes down, the call leaves the list
            hangup(first, 16);
            page.expect(waitAttr(TRUNK_METER, "aria-valuenow", "1"));
            page.expect(waitCount("#calls-body tr", 1));

            // a phone's width: no horizontal scroll, still readable
            page.expect(cmd("viewport").put("width", 375).put("height", 812));
            JsonObject phone = page.expect(cmd("audit"));
            assertThat(phone.getInteger("scrollWidth")).as("no horizontal scroll at 375 px")
                    .isLessThanOrEqualTo(phone.getInteger("clientWidth"));
            assertThat(phone.getJsonArray("lowContrast")).isEmpty();
            page.expect(cmd("screenshot").put("path", SHOTS.resolve("ops-page-phone.png").toAbsolutePath().toString()));

            // the token went nowhere but the Authorization header; the page logged no error (CSP violations included)
            JsonObject secrets = page.expect(cmd("secrets"));
            assertThat(secrets.getString("url")).isEqualTo(url);
            assertThat(secrets.getInteger("storage")).isZero();
            assertThat(secrets.getInteger("cookies")).isZero();
            assertThat(secrets.getInteger("requestsWithTokenInUrl")).isZero();
            assertThat(secrets.getBoolean("html")).isFalse();
            assertThat(secrets.getInteger("summaryRequests")).isGreaterThan(5);
            // the wrong token's request was sent with a header too: every summary request carries one
            assertThat(secrets.getInteger("summaryRequestsWithoutAuth")).isZero();
            assertThat(page.expect(cmd("problems")).getJsonArray("problems")).as("console errors").isEmpty();

            // logging out forgets the token: the form is back
            page.expect(cmd("click").put("selector", "#logout"));
            page.expect(waitText("#login-error", "Logged out."));
        }
        assertThat(SHOTS.resolve("ops-page.png")).isNotEmptyFile();
    }
}
