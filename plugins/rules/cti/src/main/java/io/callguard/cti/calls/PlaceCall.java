package io.callguard.cti.calls;

/**
 * A client's click-to-call request ({@code POST /cti/v1/calls}).
 *
 * @param line     one of the account's trunks (its endpoint name), rung first
 * @param to       the destination
 * @param callerId number presented, one of the account's numbers; null picks a number of the account routed to
 *                 that line, else none (the endpoint's own caller id applies)
 */
public record PlaceCall(String line, String to, String callerId) {
    public PlaceCall(String line, String to) { this(line, to, null); }
}
