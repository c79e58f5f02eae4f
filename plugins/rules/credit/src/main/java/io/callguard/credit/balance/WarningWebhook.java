package io.callguard.credit.balance;

import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** Posts a credit warning as JSON to {@code credit.warnWebhookUrl}, once, without waiting (the outcome is logged). */
final class WarningWebhook implements Consumer<Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(WarningWebhook.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    WarningWebhook(URI url) { this.url = url; }

    /** The webhook of {@code url}, or one that does nothing when it is null. */
    static Consumer<Map<String, Object>> of(URI url) { return url == null ? m -> { } : new WarningWebhook(url); }

    @Override
    public void accept(Map<String, Object> warning) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CompactJson.write(warning))).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null) LOG.warn("credit warning webhook {} failed: {}", url, e.toString());
            else if (r.statusCode() >= 300) LOG.warn("credit warning webhook {} answered {}", url, r.statusCode());
        });
    }
}
