package io.callguard.cti.sip;

import gov.nist.core.CommonLogger;
import io.callguard.cti.sms.GatewayResult;
import io.callguard.cti.sms.SmsGateway;
import io.callguard.cti.sms.SmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.Transaction;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends SMS to the operator's gateway as SIP MESSAGE (RFC 3428), one jain-sip client transaction per attempt.
 *
 * <p>Each MESSAGE: Request-URI = the gateway URI; {@code From: <sip:<from>@<localDomain>>;tag=…};
 * {@code To: <sip:<to>@<gateway host>>}; {@code Call-ID: <sms id>@<localDomain>} (the same for every attempt of an
 * SMS, before and after a restart) with {@code CSeq: <attempt> MESSAGE}, so a gateway can recognise a resend;
 * {@code X-Callguard-Sms-Id: <sms id>}; {@code Max-Forwards: 70}; body in {@code text/plain;charset=UTF-8}.
 * The stack retransmits over UDP (T1, 2×T1… up to T2) and reports a timeout after 64×T1 without a final answer.
 *
 * <p>jain-sip calls the listener on its own threads: the listener only looks up the pending attempt and hands its
 * completion to the {@code completions} executor, so whatever the caller chains on the stage (repository writes)
 * never runs on, nor blocks, a stack thread. {@link #send} may block briefly on a TCP connect: call it off the event
 * loop.
 */
public final class SipMessageSender implements SmsGateway, AutoCloseable {
    public static final String SMS_ID_HEADER = "X-Callguard-Sms-Id";
    private static final Logger LOG = LoggerFactory.getLogger(SipMessageSender.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    static {
        // jain-sip's loggers fall back to log4j (absent) until a stack installs its STACK_LOGGER: install ours first
        if (CommonLogger.legacyLogger == null) CommonLogger.legacyLogger = new Slf4jStackLogger();
    }

    private final SipSenderOptions options;
    private final Executor completions;
    private final SipStack stack;
    private final ListeningPoint listeningPoint;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;
    private final SipURI gatewayUri;
    private final int localPort;
    private final ConcurrentHashMap<String, CompletableFuture<GatewayResult>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private SipMessageSender(SipSenderOptions options, Executor completions) throws Exception {
        this.options = options;
        this.completions = completions;
        this.localPort = options.localPort() != 0 ? options.localPort() : freePort(options.localHost(), options.transport());
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        this.stack = factory.createSipStack(stackProperties(options, INSTANCES.incrementAndGet()));
        this.headers = factory.createHeaderFactory();
        this.addresses = factory.createAddressFactory();
        this.messages = factory.createMessageFactory();
        this.gatewayUri = (SipURI) addresses.createURI(options.gatewayUri());
        this.listeningPoint = stack.createListeningPoint(options.localHost(), localPort, options.transport());
        this.provider = stack.createSipProvider(listeningPoint);
        provider.addSipListener(new Listener());
        stack.start();
    }

    /**
     * Starts a stack listening on the configured address.
     *
     * @param completions where attempt results complete (a worker pool in the server): never a jain-sip thread
     * @throws IllegalStateException when the stack cannot start (address in use, bad gateway URI…)
     */
    public static SipMessageSender start(SipSenderOptions options, Executor completions) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(completions, "completions");
        try {
            SipMessageSender s = new SipMessageSender(options, completions);
            LOG.info("SIP MESSAGE sender on {}:{}/{} towards {}", options.localHost(), s.localPort,
                    options.transport(), options.gatewayUri());
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SIP MESSAGE sender on " + options.localHost() + ":"
                    + options.localPort() + "/" + options.transport() + ": " + e, e);
        }
    }

    /** The stack's explicit configuration: no file logs, SLF4J loggers, no dialogs (MESSAGE is dialog-less). */
    static Properties stackProperties(SipSenderOptions options, long instance) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", options.stackName() + "-" + instance);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(options.threadPoolSize()));
        // the listener is thread-safe and never blocks: let the stack call it from several threads at once
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        return p;
    }

    public int localPort() { return localPort; }

    public SipSenderOptions options() { return options; }

    /** Attempts waiting for their final answer. */
    public int pending() { return pending.size(); }

    @Override public CompletionStage<GatewayResult> send(SmsMessage sms, int attempt) {
        return sendMessage(sms.id(), sms.from(), sms.to(), sms.text(), attempt);
    }

    /**
     * Sends one MESSAGE; the stage completes on the completions executor with the final answer, a timeout, or an
     * error when it could not be sent.
     */
    public CompletionStage<GatewayResult> sendMessage(String smsId, String from, String to, String text, long attempt) {
        CompletableFuture<GatewayResult> result = new CompletableFuture<>();
        if (closed) {
            result.complete(GatewayResult.error("sender closed"));
            return result;
        }
        String branch = null;
        try {
            Request request = buildRequest(smsId, from, to, text, attempt);
            ClientTransaction tx = provider.getNewClientTransaction(request);
            tx.setRetransmitTimer((int) options.timerT1().toMillis());
            branch = tx.getBranchId();
            pending.put(branch, result);
            tx.sendRequest();
        } catch (Exception e) {
            if (branch != null) pending.remove(branch);
            LOG.debug("MESSAGE of SMS {} could not be sent: {}", smsId, e.toString());
            completeLater(result, GatewayResult.error(e.toString()));
        }
        return result;
    }

    private Request buildRequest(String smsId, String from, String to, String text, long attempt) throws Exception {
        String domain = options.localDomain();
        FromHeader fromHeader = headers.createFromHeader(addresses.createAddress(addresses.createSipURI(from, domain)),
                Long.toHexString(ThreadLocalRandom.current().nextLong()));
        ToHeader toHeader = headers.createToHeader(
                addresses.createAddress(addresses.createSipURI(to, gatewayUri.getHost())), null);
        CallIdHeader callId = headers.createCallIdHeader(smsId + "@" + domain);
        CSeqHeader cseq = headers.createCSeqHeader(attempt, Request.MESSAGE);
        MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
        ViaHeader via = headers.createViaHeader(options.localHost(), localPort, options.transport(), null);
        ContentTypeHeader contentType = headers.createContentTypeHeader("text", "plain");
        contentType.setParameter("charset", "UTF-8");
        Request request = messages.createRequest((SipURI) gatewayUri.clone(), Request.MESSAGE, callId, cseq,
                fromHeader, toHeader, List.of(via), maxForwards, contentType, text.getBytes(StandardCharsets.UTF_8));
        request.addHeader(headers.createHeader(SMS_ID_HEADER, smsId));
        return request;
    }

    /** Stops the stack; attempts still waiting complete with an error (their SMS stay QUEUED). */
    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception e) {
            LOG.debug("closing the SIP provider: {}", e.toString());
        }
        stack.stop();
        for (String branch : List.copyOf(pending.keySet())) finish(branch, GatewayResult.error("sender closed"));
    }

    private void finish(String branch, GatewayResult r) {
        if (branch == null) return;
        CompletableFuture<GatewayResult> f = pending.remove(branch);
        if (f != null) completeLater(f, r);
    }

    /** Completes on the executor: a jain-sip thread must never run the caller's continuation. */
    private void completeLater(CompletableFuture<GatewayResult> f, GatewayResult r) {
        try {
            completions.execute(() -> f.complete(r));
        } catch (RejectedExecutionException e) {
            f.complete(r);
        }
    }

    private static int freePort(String host, String transport) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        if (transport.equals("tcp")) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(address, 0));
                return s.getLocalPort();
            }
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return s.getLocalPort();
        }
    }

    /** Runs on jain-sip threads: lookups and hand-offs only. */
    private final class Listener implements SipListener {
        @Override public void processRequest(RequestEvent event) {
            LOG.debug("ignoring an incoming {} on the SMS sender", event.getRequest().getMethod());
        }

        @Override public void processResponse(ResponseEvent event) {
            ClientTransaction tx = event.getClientTransaction();
            int code = event.getResponse().getStatusCode();
            if (tx == null || code < 200) return;
            finish(tx.getBranchId(), GatewayResult.response(code, event.getResponse().getReasonPhrase()));
        }

        @Override public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction()) finish(branchOf(event.getClientTransaction()), GatewayResult.timeout());
        }

        @Override public void processIOException(IOExceptionEvent event) {
            LOG.debug("SIP I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
        }

        @Override public void processTransactionTerminated(TransactionTerminatedEvent event) {
            // after a final answer this finds nothing; otherwise the transaction died unanswered: a timeout
            if (!event.isServerTransaction()) finish(branchOf(event.getClientTransaction()), GatewayResult.timeout());
        }

        @Override public void processDialogTerminated(DialogTerminatedEvent event) { }

        private String branchOf(Transaction tx) { return tx == null ? null : tx.getBranchId(); }
    }
}
