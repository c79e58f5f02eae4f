package io.callguard.hep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Builds HEP3 packets as res_hep writes them and sends them over a real UDP socket (tests). */
public final class HepSender implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress collector;

    public HepSender(String host, int port) throws IOException {
        this.socket = new DatagramSocket();
        this.collector = new InetSocketAddress(host, port);
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, collector));
    }

    @Override public void close() { socket.close(); }

    /** An OPTIONS request from {@code source}, its own branch and Call-ID. */
    public static String options(int n) {
        return "OPTIONS sip:callguard@192.0.2.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-" + n + ";rport\r\n"
                + "From: <sip:sipp@198.51.100.7>;tag=" + n + "\r\n"
                + "To: <sip:callguard@192.0.2.1>\r\n"
                + "Call-ID: flood-" + n + "@198.51.100.7\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A HEP3 packet of {@code sip} from {@code source}:5060 to 192.0.2.1:5060 at {@code seconds}.{@code micros}. */
    public static byte[] hep(String source, String sip, long seconds, long micros) {
        try {
            InetAddress src = InetAddress.getByName(source);
            InetAddress dst = InetAddress.getByName(src.getAddress().length == 4 ? "192.0.2.1" : "2001:db8::1");
            boolean v4 = src.getAddress().length == 4;
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            chunk(chunks, 1, new byte[]{(byte) (v4 ? 2 : 10)});
            chunk(chunks, 2, new byte[]{17});
            chunk(chunks, v4 ? 3 : 5, src.getAddress());
            chunk(chunks, v4 ? 4 : 6, dst.getAddress());
            chunk(chunks, 7, u16(5060));
            chunk(chunks, 8, u16(5060));
            chunk(chunks, 9, u32(seconds));
            chunk(chunks, 10, u32(micros));
            chunk(chunks, 11, new byte[]{1});
            chunk(chunks, 12, u32(1234));
            chunk(chunks, 14, "secret".getBytes(StandardCharsets.UTF_8));
            chunk(chunks, 15, sip.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write("HEP3".getBytes(StandardCharsets.US_ASCII));
            out.write(u16(6 + chunks.size()));
            chunks.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, int type, byte[] value) throws IOException {
        out.write(u16(0));
        out.write(u16(type));
        out.write(u16(6 + value.length));
        out.write(value);
    }

    private static byte[] u16(int v) { return new byte[]{(byte) (v >> 8), (byte) v}; }

    private static byte[] u32(long v) { return new byte[]{(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}; }
}
