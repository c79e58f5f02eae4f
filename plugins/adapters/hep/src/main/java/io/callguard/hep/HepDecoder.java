package io.callguard.hep;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HEP3 datagram: "HEP3", the total length (uint16, the whole packet), then chunks of vendor id (uint16),
 * type id (uint16), length (uint16, its 6-byte header included) and value. Chunks of other vendors and unknown types
 * are skipped (the specification lets agents add their own). Stateless and thread-safe; the payload is not copied.
 */
public final class HepDecoder {
    private static final int HEADER = 6;
    private static final int CHUNK_HEADER = 6;

    /**
     * @param data   the datagram
     * @param length its length (the datagram may have been received into a larger array)
     * @throws HepFormatException not HEP3, a length that is not the datagram's, a chunk that runs past the end, a
     *                            missing source address or payload
     */
    public HepPacket decode(byte[] data, int length) throws HepFormatException {
        if (length < HEADER || data[0] != 'H' || data[1] != 'E' || data[2] != 'P' || data[3] != '3') {
            throw new HepFormatException("not HEP3");
        }
        int total = u16(data, 4);
        if (total != length) throw new HepFormatException("HEP3 length " + total + " but the datagram has " + length);
        int family = 0, protocol = 0, sourcePort = 0, destinationPort = 0, protocolType = 0;
        long seconds = -1, micros = 0, captureId = -1;
        InetAddress source = null, destination = null;
        String password = null, correlation = null;
        int payloadOffset = -1, payloadLength = 0;
        int at = HEADER;
        while (at < length) {
            if (length - at < CHUNK_HEADER) throw new HepFormatException("truncated chunk header at " + at);
            int vendor = u16(data, at);
            int type = u16(data, at + 2);
            int chunkLength = u16(data, at + 4);
            if (chunkLength < CHUNK_HEADER || at + chunkLength > length) {
                throw new HepFormatException("chunk " + type + " of length " + chunkLength + " at " + at
                        + " runs past the packet's " + length + " bytes");
            }
            int value = at + CHUNK_HEADER;
            int size = chunkLength - CHUNK_HEADER;
            if (vendor == 0) {
                switch (type) {
                    case 1 -> family = u8(data, value, size, type);
                    case 2 -> protocol = u8(data, value, size, type);
                    case 3 -> source = address(data, value, size, 4, type);
                    case 4 -> destination = address(data, value, size, 4, type);
                    case 5 -> source = address(data, value, size, 16, type);
                    case 6 -> destination = address(data, value, size, 16, type);
                    case 7 -> sourcePort = u16Chunk(data, value, size, type);
                    case 8 -> destinationPort = u16Chunk(data, value, size, type);
                    case 9 -> seconds = u32Chunk(data, value, size, type);
                    case 10 -> micros = u32Chunk(data, value, size, type);
                    case 11 -> protocolType = u8(data, value, size, type);
                    case 12 -> captureId = u32Chunk(data, value, size, type);
                    case 14 -> password = new String(data, value, size, StandardCharsets.UTF_8);
                    case 15 -> { payloadOffset = value; payloadLength = size; }
                    case 17 -> correlation = new String(data, value, size, StandardCharsets.UTF_8);
                    default -> { } // 13 keep-alive, 16 compressed payload, 18+ : not needed
                }
            }
            at += chunkLength;
        }
        if (source == null) throw new HepFormatException("no source address chunk");
        if (destination == null) throw new HepFormatException("no destination address chunk");
        if (payloadOffset < 0) throw new HepFormatException("no payload chunk");
        return new HepPacket(family, protocol, source, destination, sourcePort, destinationPort, seconds, micros,
                protocolType, captureId, password, data, payloadOffset, payloadLength, correlation);
    }

    private static int u16(byte[] d, int at) { return (d[at] & 0xff) << 8 | d[at + 1] & 0xff; }

    private static int u8(byte[] d, int at, int size, int type) throws HepFormatException {
        if (size != 1) throw new HepFormatException("chunk " + type + " must hold 1 byte, holds " + size);
        return d[at] & 0xff;
    }

    private static int u16Chunk(byte[] d, int at, int size, int type) throws HepFormatException {
        if (size != 2) throw new HepFormatException("chunk " + type + " must hold 2 bytes, holds " + size);
        return u16(d, at);
    }

    private static long u32Chunk(byte[] d, int at, int size, int type) throws HepFormatException {
        if (size != 4) throw new HepFormatException("chunk " + type + " must hold 4 bytes, holds " + size);
        return (long) u16(d, at) << 16 | u16(d, at + 2);
    }

    private static InetAddress address(byte[] d, int at, int size, int expected, int type) throws HepFormatException {
        if (size != expected) throw new HepFormatException("chunk " + type + " must hold " + expected + " bytes, holds " + size);
        byte[] raw = new byte[size];
        System.arraycopy(d, at, raw, 0, size);
        try {
            return InetAddress.getByAddress(raw); // no lookup: the address is given as bytes
        } catch (UnknownHostException e) {
            throw new HepFormatException("chunk " + type + ": " + e.getMessage());
        }
    }
}
