package io.callguard.core.sip;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One SIP message as a capture saw it.
 *
 * @param capturedAt    the capture's timestamp (the agent's clock), or the collector's when the capture had none
 * @param source        the IP address the message came from
 * @param sourcePort    its port
 * @param destination   the IP address it went to
 * @param request       whether it is a request (else a response)
 * @param method        the request's method, or the CSeq method of a response
 * @param requestUri    a request's Request-URI (R7 tells an emergency INVITE by it), "" for a response
 * @param statusCode    a response's status code, 0 for a request
 * @param callId        the Call-ID header, "" when absent
 * @param cseq          the CSeq number, -1 when absent
 * @param topViaBranch  the branch parameter of the top Via, "" when absent
 */
public record SipMessageSeen(Instant capturedAt, InetAddress source, int sourcePort, InetAddress destination,
                             boolean request, String method, String requestUri, int statusCode, String callId, long cseq,
                             String topViaBranch) {
    public SipMessageSeen {
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        method = method == null ? "" : method;
        requestUri = requestUri == null ? "" : requestUri;
        callId = callId == null ? "" : callId;
        topViaBranch = topViaBranch == null ? "" : topViaBranch;
    }
}
