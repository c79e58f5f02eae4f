package io.callguard.cti.callback;

import io.callguard.core.time.MutableClock;
import io.callguard.cti.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCallbacksTest {
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Object> answers = new ArrayDeque<>();

    private final HttpPoster poster = (URI url, String json) -> {
        posts.add(url + " " + json);
        Object a = answers.isEmpty() ? Integer.valueOf(200) : answers.poll();
        if (a instanceof Integer code) return CompletableFuture.completedFuture(code);
        CompletableFuture<Integer> f = new CompletableFuture<>();
        f.completeExceptionally((Throwable) a);
        return (CompletionStage<Integer>) f;
    };
    private final StatusCallbacks callbacks = new StatusCallbacks(poster, scheduler,
            new CallbackSettings(4, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    private final StatusEvent event = new StatusEvent("sms_1", "sent", T0, 200);

    @Test
    void theEventIsPostedAsJson() {
        callbacks.deliver("https://crm.example/hook?x=1", event);
        assertThat(posts).containsExactly(
                "https://crm.example/hook?x=1 {\"id\":\"sms_1\",\"status\":\"sent\",\"at\":\"2025-03-03T09:00:00Z\",\"code\":200}");
        assertThat(callbacks.pending()).isZero();
    }

    @Test
    void failuresAreRetriedWithBackoffUntilA2xx() {
        answers.add(500);
        answers.add(new java.io.IOException("connection refused"));
        answers.add(204);
        callbacks.deliver("http://127.0.0.1:9/hook", event);
        assertThat(posts).hasSize(1);
        assertThat(scheduler.advanceAndRun(Duration.ofMillis(1999))).isZero();
        assertThat(scheduler.advanceAndRun(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(posts).hasSize(2);
        assertThat(scheduler.advanceAndRun(Duration.ofMillis(3999))).isZero();
        assertThat(scheduler.advanceAndRun(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(posts).hasSize(3);
        assertThat(scheduler.pending()).isZero();
        assertThat(callbacks.pending()).isZero();
    }

    @Test
    void deliveryIsGivenUpAfterMaxAttempts() {
        for (int i = 0; i < 10; i++) answers.add(503);
        callbacks.deliver("http://127.0.0.1:9/hook", event);
        scheduler.advanceAndRun(Duration.ofSeconds(2));
        scheduler.advanceAndRun(Duration.ofSeconds(4));
        assertThat(scheduler.advanceAndRun(Duration.ofSeconds(4))).as("capped at maxDelay 5 s").isZero();
        assertThat(scheduler.advanceAndRun(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(posts).hasSize(4);
        assertThat(scheduler.pending()).isZero();
        assertThat(callbacks.pending()).isZero();
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreAccepted() {
        assertThat(CallbackUrls.problem("https://crm.example/hook")).isEmpty();
        assertThat(CallbackUrls.problem("http://127.0.0.1:8080/x")).as("syntax only: the poster checks addresses")
                .isEmpty();
        assertThat(CallbackUrls.problem("ftp://crm.example/hook")).contains("statusCallback must be an http or https URL");
        assertThat(CallbackUrls.problem("file:///etc/passwd")).isPresent();
        assertThat(CallbackUrls.problem("/relative")).isPresent();
        assertThat(CallbackUrls.problem("http:///nohost")).contains("statusCallback must name a host");
        assertThat(CallbackUrls.problem("https://user:pw@crm.example/")).contains(
                "statusCallback must not carry credentials (user info)");
        assertThat(CallbackUrls.problem("http://a b/")).isPresent();
        assertThat(CallbackUrls.problem("https://h/" + "x".repeat(2000))).isPresent();
    }

    @Test
    void jsonIsEscaped() {
        assertThat(new StatusEvent("a\"b\\c\n", "failed", T0, null).toJson())
                .isEqualTo("{\"id\":\"a\\\"b\\\\c\\n\",\"status\":\"failed\",\"at\":\"2025-03-03T09:00:00Z\"}");
    }

    @Test
    void aUrlRefusedForItsAddressIsGivenUpAtOnceWithoutRetry() {
        answers.add(new CallbackRefusedException("callback host 127.0.0.1 resolves to a non-public address"));
        callbacks.deliver("http://127.0.0.1:9/hook", event);
        assertThat(posts).hasSize(1);
        assertThat(scheduler.pending()).as("no retry scheduled").isZero();
        assertThat(callbacks.pending()).isZero();
    }

    @Test
    void aRefusalWrappedByTheStageIsRecognisedToo() {
        answers.add(new java.util.concurrent.CompletionException(new CallbackRefusedException("refused")));
        callbacks.deliver("http://10.0.0.1/hook", event);
        assertThat(scheduler.pending()).isZero();
        assertThat(callbacks.pending()).isZero();
    }

    @Test
    void defaultsBoundEachAttemptToTenSecondsAndRefusePrivateAddresses() {
        CallbackSettings d = CallbackSettings.defaults();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.allowPrivateAddresses()).isFalse();
    }
}
