package io.callguard.asterisk.ami;

/**
 * The AMI events callguard reads, each with only the lines it uses, as {@link AmiFrameDecoder} extracts them.
 * String values follow asterisk-java's convention, which the translation was written against: Asterisk's null
 * literals ({@code <unknown>}, {@code <null>}, {@code none}, ...) are read as null; numbers that are absent or
 * unreadable are null. Every other event is skipped after its {@code Event:} line.
 */
sealed interface AmiEvent {
    /** {@code Newchannel}: a channel was created. */
    record Newchannel(String uniqueId, String linkedId, String channel, String accountCode, String callerIdNum,
                      String exten, String context, Integer channelState, String channelStateDesc) implements AmiEvent { }

    /** {@code Newstate}: a channel's state changed (Ringing, Up...). */
    record Newstate(String uniqueId, String linkedId, Integer channelState, String channelStateDesc) implements AmiEvent { }

    /** {@code Hangup}: a channel is gone; {@code techCause} is the SIP code Asterisk 22 adds when one maps. */
    record Hangup(String uniqueId, String linkedId, String channel, String accountCode, Integer cause,
                  String causeText, Integer techCause) implements AmiEvent { }

    /** {@code DialBegin}: the caller leg ({@code uniqueId}, absent for an Originate) dials {@code destUniqueId}. */
    record DialBegin(String uniqueId, String linkedId, String destUniqueId, String destLinkedId,
                     String destChannel) implements AmiEvent { }

    /** {@code DialEnd} with its {@code DialStatus} (ANSWER, BUSY, NOANSWER, CONGESTION, CANCEL...). */
    record DialEnd(String uniqueId, String linkedId, String destUniqueId, String dialStatus) implements AmiEvent { }

    /** One item of a {@code CoreShowChannels} list; {@code actionId} as on the wire. */
    record CoreShowChannel(String actionId, String uniqueId, String linkedId, String channel, String accountCode,
                           String callerIdNum, String exten, String context, String channelStateDesc,
                           String duration) implements AmiEvent { }

    /** The end of a {@code CoreShowChannels} list, with the count Asterisk announces. */
    record CoreShowChannelsComplete(String actionId, Integer listItems) implements AmiEvent { }

    /** The outcome of an asynchronous {@code Originate}; {@code actionId} as on the wire. */
    record OriginateResponse(String actionId, String response, String channel, String uniqueId,
                             Integer reason) implements AmiEvent { }

    /** {@code FullyBooted}: Asterisk finished booting (also sent right after each login once booted). */
    record FullyBooted() implements AmiEvent { }

    /** {@code Shutdown}: Asterisk stops or restarts; EOF follows. */
    record Shutdown(boolean restart) implements AmiEvent { }
}
