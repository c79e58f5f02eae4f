package io.callguard.cti.sms;

/**
 * A client's request to send an SMS ({@code POST /cti/v1/sms}).
 *
 * @param from           one of the account's numbers, in any form the numbering plan normalises
 * @param to             recipient
 * @param text           the text
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param statusCallback http(s) URL to POST each status change to, or null
 */
public record SendSms(String from, String to, String text, String idempotencyKey, String statusCallback) {
    public SendSms(String from, String to, String text) { this(from, to, text, null, null); }
}
