package io.callguard.testkit.sip;

import gov.nist.core.CommonLogger;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The operator's SMS gateway, faked: a jain-sip UAS (UDP) on 127.0.0.1 that records every MESSAGE it is handed (each
 * new transaction once: the stack absorbs retransmissions) and answers with the status the test chooses (0 = no
 * answer, as a gateway that is too slow). Start it on a port chosen beforehand ({@link #freeUdpPort()}) to play a
 * gateway that is down at first and comes up later.
 */
public final class FakeSmsGateway implements AutoCloseable {
    /** The header callguard puts the SMS id in (io.callguard.cti.sip.SipMessageSender.SMS_ID_HEADER). */
    public static final String SMS_ID_HEADER = "X-Callguard-Sms-Id";
    private static final AtomicLong INSTANCES = new AtomicLong();

    static {
        // jain-sip falls back to log4j (absent) until a stack installs its STACK_LOGGER
        if (CommonLogger.legacyLogger == null) CommonLogger.legacyLogger = new QuietStackLogger();
    }

    /** One MESSAGE as the gateway saw it. */
    public record Received(String smsId, String callId, long cseq, String from, String to, String contentType,
                           String body, String requestUri) { }

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final MessageFactory messages;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
    private volatile ToIntFunction<Received> answer;

    /** On a free port, answering each MESSAGE with {@code answer} (0 = no answer). */
    public FakeSmsGateway(ToIntFunction<Received> answer) throws Exception { this(freeUdpPort(), answer); }

    /** On {@code port} of 127.0.0.1. */
    public FakeSmsGateway(int port, ToIntFunction<Received> answer) throws Exception {
        this.answer = answer;
        this.port = port;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "fake-sms-gateway-" + INSTANCES.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", QuietStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", QuietServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
        stack = factory.createSipStack(p);
        messages = factory.createMessageFactory();
        listeningPoint = stack.createListeningPoint("127.0.0.1", port, "udp");
        provider = stack.createSipProvider(listeningPoint);
        provider.addSipListener(new SipListener() {
            @Override public void processRequest(RequestEvent e) { onRequest(e); }
            @Override public void processResponse(ResponseEvent e) { }
            @Override public void processTimeout(TimeoutEvent e) { }
            @Override public void processIOException(IOExceptionEvent e) { }
            @Override public void processTransactionTerminated(TransactionTerminatedEvent e) { }
            @Override public void processDialogTerminated(DialogTerminatedEvent e) { }
        });
        stack.start();
    }

    /** A UDP port of 127.0.0.1 free right now (for a gateway started later on it). */
    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Request-URI to configure as the gateway: {@code sip:sms@127.0.0.1:<port>}. */
    public String uri() { return uri(port); }

    public static String uri(int port) { return "sip:sms@127.0.0.1:" + port; }

    public int port() { return port; }

    /** Changes the answer of the next MESSAGEs (0 = no answer). */
    public void answerWith(ToIntFunction<Received> a) { this.answer = a; }

    /** Every MESSAGE received so far, in order. */
    public List<Received> received() { return List.copyOf(received); }

    /** The next MESSAGE not yet taken, waiting at most {@code seconds}. */
    public Received next(int seconds) throws InterruptedException { return next(Duration.ofSeconds(seconds)); }

    public Received next(Duration timeout) throws InterruptedException {
        Received r = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) throw new AssertionError("no MESSAGE reached the gateway within " + timeout);
        return r;
    }

    private void onRequest(RequestEvent e) {
        Request req = e.getRequest();
        try {
            ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                    : provider.getNewServerTransaction(req);
            Header idHeader = req.getHeader(SMS_ID_HEADER);
            String smsId = idHeader == null ? null : ((ExtensionHeader) idHeader).getValue();
            CSeqHeader cseq = (CSeqHeader) req.getHeader(CSeqHeader.NAME);
            byte[] raw = req.getRawContent();
            Header contentType = req.getHeader("Content-Type");
            Received r = new Received(smsId, ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId(),
                    cseq.getSeqNumber(), ((FromHeader) req.getHeader(FromHeader.NAME)).getAddress().getURI().toString(),
                    ((ToHeader) req.getHeader(ToHeader.NAME)).getAddress().getURI().toString(),
                    contentType == null ? null : contentType.toString().strip(),
                    raw == null ? "" : new String(raw, StandardCharsets.UTF_8), req.getRequestURI().toString());
            received.add(r);
            arrivals.add(r);
            int code = answer.applyAsInt(r);
            if (code > 0) st.sendResponse(messages.createResponse(code, req));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Stops listening: later MESSAGEs to its port go unanswered (a gateway that is down). */
    @Override public void close() {
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception ignored) {
            // stopping anyway
        }
        stack.stop();
    }
}
