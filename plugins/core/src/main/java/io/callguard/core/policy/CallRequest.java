package io.callguard.core.policy;

/**
 * A decision request exactly as an adapter (FastAGI) received it, translated to plain fields, not yet resolved
 * against the directory or the numbering plan. Any field but {@code direction} may be empty; none is null.
 *
 * @param direction   OUTBOUND or INBOUND (from the FastAGI script path)
 * @param accountCode {@code agi_accountcode}
 * @param endpoint    endpoint name taken from the channel ({@code PJSIP/trunk-a-00000001} → {@code trunk-a})
 * @param caller      {@code agi_callerid}
 * @param dialled     {@code agi_extension} (or an explicit argument)
 * @param channel     {@code agi_channel}
 * @param uniqueId    {@code agi_uniqueid}
 */
public record CallRequest(Direction direction, String accountCode, String endpoint, String caller, String dialled,
                          String channel, String uniqueId) {
    public CallRequest {
        if (direction == null) throw new IllegalArgumentException("direction is required");
        accountCode = nz(accountCode);
        endpoint = nz(endpoint);
        caller = nz(caller);
        dialled = nz(dialled);
        channel = nz(channel);
        uniqueId = nz(uniqueId);
    }

    private static String nz(String s) { return s == null ? "" : s.trim(); }
}
