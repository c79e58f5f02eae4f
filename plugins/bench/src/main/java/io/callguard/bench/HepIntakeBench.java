package io.callguard.bench;

import io.callguard.core.net.AddressRanges;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.sip.SipMessageListener;
import io.callguard.hep.HepDecoder;
import io.callguard.hep.HepIntake;
import io.callguard.hep.HepPacket;

import io.callguard.siprates.SipRatesModule;
import io.callguard.siprates.SipRatesOptions;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/**
 * HEP intake benchmark: SIP messages per second per core on one thread (its own CPU time, {@link ThreadMXBean}),
 * over a mix of HEP3 datagrams as res_hep writes them (INVITE with SDP, 100 Trying, 200 OK, ACK, BYE, OPTIONS,
 * REGISTER; 1,000 distinct sources, fresh Call-IDs and branches):
 * <ul>
 * <li>{@code lean}: the collector's {@link HepIntake} (HEP3 decoding, the lean SIP parser, a {@code SipMessageSeen})
 * to a listener that drops it;</li>
 * <li>{@code lean+rates}: the same feeding the sip-rates module's watch (R7 and R5 windows, branches), as the app
 * runs it;</li>
 * <li>{@code jain-sip}: HEP3 decoding, then jain-sip's {@link StringMsgParser} and the same fields read from its
 * message.</li>
 * </ul>
 * The socket is not measured (the kernel's UDP receive is the same for all three).
 *
 * <p>Usage: {@code HepIntakeBench [--seconds 5] [--warmup-seconds 3]}; run as
 * {@code java -cp plugins/bench/target/callguard-bench.jar io.callguard.bench.HepIntakeBench}.
 */
public final class HepIntakeBench {
    private static volatile long sink;

    private HepIntakeBench() { }

    public static void main(String[] args) throws Exception {
        double seconds = 5, warmup = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<byte[]> frames = frames(20_000);
        long bytes = frames.stream().mapToLong(f -> f.length).sum();
        System.out.printf(Locale.ROOT, "%d HEP3 datagrams, %d bytes on average%n", frames.size(), bytes / frames.size());

        HepIntake lean = new HepIntake(m -> sink += m.cseq(), Clock.systemUTC(), "");
        // the contract's limits; Asterisk (192.0.2.1) allow-listed; each source address is an account's (R5 counted).
        // The capture timestamps repeat with the frames, so the sources soon go over R7 and the blocked path is
        // measured too, as under a flood.
        Map<String, String> accounts = new HashMap<>();
        for (int i = 0; i < 1000; i++) accounts.put(client(i), "account-" + i);
        SipRatesModule.Parts rates = SipRatesModule.Parts.of(new SipRatesOptions(60, 30, Duration.ofMinutes(10),
                AddressRanges.parse(List.of("192.0.2.1")), accounts, List.of(), List.of()), Clock.systemUTC(),
                new InMemoryAuditLog(), FrenchNumberingPlan.withDefaults());
        SipMessageListener watch = rates.watch();
        HepIntake leanRates = new HepIntake(watch, Clock.systemUTC(), "");
        HepDecoder decoder = new HepDecoder();

        run("lean", frames, f -> lean.accept(f, f.length), warmup, seconds);
        run("lean+rates", frames, f -> leanRates.accept(f, f.length), warmup, seconds);
        run("jain-sip", frames, f -> jainSip(decoder, f), warmup, seconds);
        rates.close();
        if (lean.counters().malformed() + leanRates.counters().malformed() > 0) {
            throw new IllegalStateException("malformed frames: " + lean.counters() + " / " + leanRates.counters());
        }
    }

    private interface Frame { void accept(byte[] f) throws Exception; }

    private static void run(String name, List<byte[]> frames, Frame intake, double warmup, double seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        loop(frames, intake, (long) (warmup * 1e9), threads);
        long start = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        long n = loop(frames, intake, (long) (seconds * 1e9), threads);
        double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        double elapsed = (System.nanoTime() - wall) / 1e9;
        System.out.printf(Locale.ROOT, "%-11s %,12.0f messages/s per core (CPU %.2f s, wall %.2f s, %,d messages)%n",
                name, n / cpu, cpu, elapsed, n);
    }

    /** Feeds frames until {@code cpuNanos} of this thread's CPU time are spent; the number fed. */
    private static long loop(List<byte[]> frames, Frame intake, long cpuNanos, ThreadMXBean threads) throws Exception {
        long until = threads.getCurrentThreadCpuTime() + cpuNanos;
        long n = 0;
        int size = frames.size();
        while (true) {
            for (int i = 0; i < 1000; i++) intake.accept(frames.get((int) (n++ % size)));
            if (threads.getCurrentThreadCpuTime() >= until) return n;
        }
    }

    private static void jainSip(HepDecoder decoder, byte[] frame) throws Exception {
        HepPacket p = decoder.decode(frame, frame.length);
        byte[] sip = new byte[p.payloadLength()];
        System.arraycopy(p.payload(), p.payloadOffset(), sip, 0, sip.length);
        SIPMessage m = new StringMsgParser().parseSIPMessage(sip, true, false, null);
        long v = m.getCSeq().getSeqNumber() + m.getCallId().getCallId().length() + m.getTopmostVia().getBranch().length();
        if (m instanceof SIPRequest r) v += r.getMethod().length() + r.getRequestURI().toString().length();
        else if (m instanceof SIPResponse r) v += r.getStatusCode();
        sink += v + p.source().hashCode();
    }

    /** {@code n} datagrams: a call (INVITE, 100, 200, ACK, BYE, 200) then an OPTIONS and a REGISTER, repeated. */
    static List<byte[]> frames(int n) {
        List<byte[]> out = new ArrayList<>(n);
        String sdp = "v=0\r\no=- 123 456 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
                + "m=audio 10000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
        for (int i = 0; out.size() < n; i++) {
            String ip = client(i);
            String call = "c" + i + "-8f2a9e@" + ip;
            String via = "Via: SIP/2.0/UDP " + ip + ":5060;rport;branch=z9hG4bK-" + i + "-";
            String common = "From: \"Client\" <sip:0145000000@" + ip + ">;tag=f" + i + "\r\n"
                    + "To: <sip:0612345678@192.0.2.1>\r\nCall-ID: " + call + "\r\nMax-Forwards: 70\r\n"
                    + "User-Agent: Yealink SIP-T46S 66.86.0.15\r\n";
            String contact = "Contact: <sip:0145000000@" + ip + ":5060>\r\n";
            out.add(hep(ip, "INVITE sip:0612345678@192.0.2.1 SIP/2.0\r\n" + via + "1\r\n" + common + contact
                    + "CSeq: 1 INVITE\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp));
            out.add(hep("192.0.2.1", "SIP/2.0 100 Trying\r\n" + via + "1\r\n" + common + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
            out.add(hep("192.0.2.1", "SIP/2.0 200 OK\r\n" + via + "1\r\n" + common + contact
                    + "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp));
            out.add(hep(ip, "ACK sip:0612345678@192.0.2.1 SIP/2.0\r\n" + via + "2\r\n" + common + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"));
            out.add(hep(ip, "BYE sip:0612345678@192.0.2.1 SIP/2.0\r\n" + via + "3\r\n" + common + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"));
            out.add(hep("192.0.2.1", "SIP/2.0 200 OK\r\n" + via + "3\r\n" + common + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"));
            out.add(hep(ip, "OPTIONS sip:192.0.2.1 SIP/2.0\r\n" + via + "4\r\n" + common + "CSeq: 3 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
            out.add(hep(ip, "REGISTER sip:192.0.2.1 SIP/2.0\r\n" + via + "5\r\n" + common + contact
                    + "Expires: 3600\r\nCSeq: 4 REGISTER\r\nContent-Length: 0\r\n\r\n"));
        }
        return out.subList(0, n);
    }

    /** The 1,000 client addresses, 203.0.113.1 to 203.0.116.250. */
    private static String client(int i) { return "203.0." + (i / 250 % 4 + 113) + "." + (i % 250 + 1); }

    private static byte[] hep(String source, String sip) {
        byte[] src = ipv4(source);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        chunk(c, 1, new byte[]{2});
        chunk(c, 2, new byte[]{17});
        chunk(c, 3, src);
        chunk(c, 4, ipv4("192.0.2.1"));
        chunk(c, 7, new byte[]{0x13, (byte) 0xc4});
        chunk(c, 8, new byte[]{0x13, (byte) 0xc4});
        chunk(c, 9, new byte[]{0x69, 0x34, 0x5a, 0x00});
        chunk(c, 10, new byte[]{0, 1, 0, 0});
        chunk(c, 11, new byte[]{1});
        chunk(c, 12, new byte[]{0, 0, 0x04, (byte) 0xd2});
        chunk(c, 15, sip.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("HEP3".getBytes(StandardCharsets.US_ASCII));
        int total = 6 + c.size();
        out.write(total >> 8);
        out.write(total);
        out.writeBytes(c.toByteArray());
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, int type, byte[] value) {
        int len = 6 + value.length;
        out.writeBytes(new byte[]{0, 0, (byte) (type >> 8), (byte) type, (byte) (len >> 8), (byte) len});
        out.writeBytes(value);
    }

    private static byte[] ipv4(String text) {
        String[] p = text.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) a[i] = (byte) Integer.parseInt(p[i]);
        return a;
    }
}
