package io.callguard.hep;

/** A datagram that is not a well-formed HEP3 packet carrying SIP; no stack trace (it is counted, not debugged). */
public final class HepFormatException extends Exception {
    public HepFormatException(String message) { super(message, null, false, false); }
}
