package io.callguard.cti.sms;

/**
 * What the SMS gateway made of one attempt.
 *
 * @param kind   RESPONSE with a final status code, TIMEOUT (no final response before the transaction timer), or
 *               ERROR (could not send: transport failure)
 * @param code   the final SIP status code for RESPONSE, else 0
 * @param detail reason phrase or error text, may be null
 */
public record GatewayResult(Kind kind, int code, String detail) {
    public enum Kind { RESPONSE, TIMEOUT, ERROR }

    public static GatewayResult response(int code, String reason) { return new GatewayResult(Kind.RESPONSE, code, reason); }

    public static GatewayResult timeout() { return new GatewayResult(Kind.TIMEOUT, 0, "timeout"); }

    public static GatewayResult error(String detail) { return new GatewayResult(Kind.ERROR, 0, detail); }

    public boolean success() { return kind == Kind.RESPONSE && code >= 200 && code < 300; }

    /** Worth another attempt: no answer or no way to send; a final refusal (3xx–6xx) is not retried. */
    public boolean retryable() { return kind != Kind.RESPONSE; }
}
