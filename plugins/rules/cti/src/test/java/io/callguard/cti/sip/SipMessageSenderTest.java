package io.callguard.cti.sip;

import io.callguard.cti.sms.GatewayResult;
import io.callguard.testkit.sip.FakeSmsGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SipMessageSenderTest {
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> new Thread(r, "completions"));
    private FakeSmsGateway gateway;
    private SipMessageSender sender;

    private void start(int code, Duration t1) throws Exception {
        gateway = new FakeSmsGateway(r -> code);
        sender = SipMessageSender.start(SipSenderOptions.defaults(gateway.uri()).withTimerT1(t1), completions);
    }

    @AfterEach
    void tearDown() {
        if (sender != null) sender.close();
        if (gateway != null) gateway.close();
        completions.shutdownNow();
    }

    @Test
    void aMessageCarriesTheSmsAndA200IsReportedOnTheCompletionExecutor() throws Exception {
        start(200, Duration.ofMillis(500));
        AtomicReference<String> thread = new AtomicReference<>();
        GatewayResult r = sender.sendMessage("sms_1", "0198765432", "+33612345678", "Bonjour é€😀", 1)
                .whenComplete((x, e) -> thread.set(Thread.currentThread().getName()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(GatewayResult.response(200, "OK"));
        assertThat(thread.get()).isEqualTo("completions");
        FakeSmsGateway.Received m = gateway.next(1);
        assertThat(m.smsId()).isEqualTo("sms_1");
        assertThat(m.callId()).isEqualTo("sms_1@127.0.0.1");
        assertThat(m.cseq()).isEqualTo(1);
        assertThat(m.from()).isEqualTo("sip:0198765432@127.0.0.1");
        assertThat(m.to()).isEqualTo("sip:+33612345678@127.0.0.1");
        assertThat(m.requestUri()).isEqualTo(gateway.uri());
        assertThat(m.contentType()).matches("(?i)Content-Type: text/plain; ?charset=UTF-8");
        assertThat(m.body()).isEqualTo("Bonjour é€😀");
        assertThat(sender.pending()).isZero();
    }

    @Test
    void a503IsReportedWithItsCode() throws Exception {
        start(503, Duration.ofMillis(500));
        GatewayResult r = sender.sendMessage("sms_2", "0198765432", "0612345678", "x", 1)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.kind()).isEqualTo(GatewayResult.Kind.RESPONSE);
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.retryable()).isFalse();
    }

    @Test
    void noFinalAnswerWithin64T1IsATimeout() throws Exception {
        start(0, Duration.ofMillis(10));
        GatewayResult r = sender.sendMessage("sms_3", "0198765432", "0612345678", "x", 1)
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(GatewayResult.timeout());
        assertThat(gateway.received()).as("retransmissions are absorbed by the gateway's transaction").hasSize(1);
    }
}
