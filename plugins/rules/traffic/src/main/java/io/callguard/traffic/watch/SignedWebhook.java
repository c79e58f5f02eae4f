package io.callguard.traffic.watch;

import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts an alert as JSON, signed with {@code X-Callguard-Signature: sha256=<hex of HMAC-SHA256(secret, body)>} when a
 * secret is set, on the given scheduler's thread (never the event loop); a failure (no answer, a status ≥ 300) is
 * retried after 1 s, 2 s, 4 s… up to {@code attempts} in all, then logged.
 */
public final class SignedWebhook implements Consumer<Map<String, Object>> {
    public static final String SIGNATURE_HEADER = "X-Callguard-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(SignedWebhook.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final String secret;
    private final int attempts;
    private final ScheduledExecutorService scheduler;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public SignedWebhook(URI url, String secret, int attempts, ScheduledExecutorService scheduler) {
        this.url = url;
        this.secret = secret == null ? "" : secret;
        this.attempts = Math.max(1, attempts);
        this.scheduler = scheduler;
    }

    @Override
    public void accept(Map<String, Object> alert) {
        String body = CompactJson.write(alert);
        scheduler.execute(() -> post(body, 1));
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private void post(String body, int attempt) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!secret.isEmpty()) b.header(SIGNATURE_HEADER, signature(secret, body));
        String failure;
        try {
            int status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 300) return;
            failure = "answered " + status;
        } catch (java.io.IOException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= attempts) {
            LOG.warn("traffic alert webhook {} failed {} times, given up: {}", url, attempt, failure);
            return;
        }
        long delay = 1L << (attempt - 1);
        LOG.info("traffic alert webhook {} failed ({}), attempt {} in {} s", url, failure, attempt + 1, delay);
        try {
            scheduler.schedule(() -> post(body, attempt + 1), delay, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("traffic alert webhook retry after stop: dropped");
        }
    }
}
