package io.callguard.hep;

import java.net.InetAddress;

/**
 * The chunks of one HEP3 packet callguard reads (vendor 0, the generic chunk types of the HEP3 specification).
 *
 * @param ipFamily        chunk 1: 2 = IPv4, 10 = IPv6
 * @param ipProtocol      chunk 2: 17 = UDP, 6 = TCP
 * @param source          chunk 3 (IPv4) or 5 (IPv6)
 * @param destination     chunk 4 (IPv4) or 6 (IPv6)
 * @param sourcePort      chunk 7
 * @param destinationPort chunk 8
 * @param seconds         chunk 9: capture time, seconds since the epoch; -1 when absent
 * @param micros          chunk 10: its microseconds
 * @param protocolType    chunk 11: 1 = SIP
 * @param captureId       chunk 12: the capture agent's id; -1 when absent
 * @param password        chunk 14: the agent's authentication key; null when absent
 * @param payload         chunk 15: the captured message (the array holds it from payloadOffset, payloadLength bytes)
 * @param payloadOffset   where the payload starts in {@code payload}
 * @param payloadLength   its length
 * @param correlationId   chunk 17 (res_hep: the Call-ID with uuid_type=call-id); null when absent
 */
public record HepPacket(int ipFamily, int ipProtocol, InetAddress source, InetAddress destination, int sourcePort,
                        int destinationPort, long seconds, long micros, int protocolType, long captureId,
                        String password, byte[] payload, int payloadOffset, int payloadLength, String correlationId) {
    public static final int PROTOCOL_SIP = 1;

    public boolean isSip() { return protocolType == PROTOCOL_SIP; }
}
