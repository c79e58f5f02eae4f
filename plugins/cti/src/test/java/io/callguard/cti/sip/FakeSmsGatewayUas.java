package io.callguard.cti.sip;

import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The operator's SMS gateway, faked: a jain-sip UAS on 127.0.0.1 that records every MESSAGE it is handed (each new
 * transaction once: the stack absorbs retransmissions) and answers with the status the test chooses (0 = no answer).
 */
final class FakeSmsGatewayUas implements AutoCloseable {
    record Received(String smsId, String callId, long cseq, String from, String to, String contentType, String body,
                    String requestUri) {}

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint lp;
    private final MessageFactory messages;
    private final int port;
    private volatile ToIntFunction<Received> answer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();

    FakeSmsGatewayUas(ToIntFunction<Received> answer) throws Exception {
        this.answer = answer;
        SipSenderOptions o = SipSenderOptions.defaults("sip:unused@127.0.0.1");
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        java.util.Properties p = SipMessageSender.stackProperties(
                new SipSenderOptions(o.localHost(), 0, "udp", o.gatewayUri(), null, "fake-sms-gateway", 2,
                        Duration.ofMillis(500)), System.nanoTime());
        stack = f.createSipStack(p);
        messages = f.createMessageFactory();
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        lp = stack.createListeningPoint("127.0.0.1", port, "udp");
        provider = stack.createSipProvider(lp);
        provider.addSipListener(new SipListener() {
            @Override public void processRequest(RequestEvent e) { onRequest(e); }
            @Override public void processResponse(javax.sip.ResponseEvent e) { }
            @Override public void processTimeout(javax.sip.TimeoutEvent e) { }
            @Override public void processIOException(javax.sip.IOExceptionEvent e) { }
            @Override public void processTransactionTerminated(javax.sip.TransactionTerminatedEvent e) { }
            @Override public void processDialogTerminated(javax.sip.DialogTerminatedEvent e) { }
        });
        stack.start();
    }

    String uri() { return "sip:sms@127.0.0.1:" + port; }

    void answerWith(ToIntFunction<Received> a) { this.answer = a; }

    List<Received> received() { return List.copyOf(received); }

    /** The next MESSAGE, waiting at most {@code seconds}. */
    Received next(int seconds) throws InterruptedException {
        Received r = arrivals.poll(seconds, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no MESSAGE reached the gateway within " + seconds + " s");
        return r;
    }

    private void onRequest(RequestEvent e) {
        Request req = e.getRequest();
        try {
            ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                    : provider.getNewServerTransaction(req);
            javax.sip.header.Header idHeader = req.getHeader(SipMessageSender.SMS_ID_HEADER);
            String smsId = idHeader == null ? null : ((javax.sip.header.ExtensionHeader) idHeader).getValue();
            javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) req.getHeader("CSeq");
            Received r = new Received(smsId, ((javax.sip.header.CallIdHeader) req.getHeader("Call-ID")).getCallId(),
                    cseq.getSeqNumber(),
                    ((javax.sip.header.FromHeader) req.getHeader("From")).getAddress().getURI().toString(),
                    ((javax.sip.header.ToHeader) req.getHeader("To")).getAddress().getURI().toString(),
                    req.getHeader("Content-Type").toString().strip(),
                    new String(req.getRawContent(), StandardCharsets.UTF_8), req.getRequestURI().toString());
            received.add(r);
            arrivals.add(r);
            int code = answer.applyAsInt(r);
            if (code > 0) st.sendResponse(messages.createResponse(code, req));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override public void close() {
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(lp);
        } catch (Exception ignored) {
            // closing anyway
        }
        stack.stop();
    }
}
