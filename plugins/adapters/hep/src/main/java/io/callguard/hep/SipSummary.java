package io.callguard.hep;

/**
 * What {@link LeanSipParser} reads of a SIP message.
 *
 * @param request      whether the start line is a request line
 * @param method       the request's method, or the CSeq method of a response
 * @param requestUri   a request's Request-URI, "" for a response
 * @param statusCode   a response's status code, 0 for a request
 * @param callId       the Call-ID ("" when absent)
 * @param cseq         the CSeq number (-1 when absent)
 * @param topViaBranch the branch of the top Via ("" when absent)
 */
public record SipSummary(boolean request, String method, String requestUri, int statusCode, String callId, long cseq, String topViaBranch) { }
