package io.callguard.records.build;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Account;

import java.time.Duration;
import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The builder's options (the chain writer's and the routes' come with them).
 *
 * @param asteriskNode          what every record names as its Asterisk server
 * @param forgetAfter           how long an open call is kept without its Hangup
 * @param congestionDisposition DialStatus CONGESTION as CONGESTION rather than FAILED
 */
public record RecordsOptions(String asteriskNode, Duration forgetAfter, boolean congestionDisposition) {
    public static final String ASTERISK_NODE = "records.asteriskNode";
    public static final String FORGET_AFTER = "records.forgetAfter";
    public static final String CONGESTION = "records.congestionDisposition";
    /** The AMI adapter's key the app lends the modules: the default node name. */
    public static final String AMI_HOST = "ami.host";

    /** The default bound: the longest default call (2 h) + the watchdog's grace, with a wide margin. */
    static final String DEFAULT_FORGET_AFTER = "3h";

    public static final List<Option> OPTIONS = List.of(
            Option.of(ASTERISK_NODE, STRING, "",
                    "the Asterisk server named in every call record; empty = the AMI host (ami.host)"),
            Option.of(FORGET_AFTER, DURATION, DEFAULT_FORGET_AFTER,
                    "a call still open this long after it was first seen (its Hangup lost) is forgotten without a record;"
                            + " keep it above the longest call allowed (default maximum " + Account.DEFAULT_MAX_CALL_SECONDS + " s)"),
            Option.of(CONGESTION, BOOLEAN, "false",
                    "record DialStatus CONGESTION as CONGESTION (as Asterisk's cdr.conf congestion=yes); false = FAILED, Asterisk's default"));

    public static RecordsOptions from(ConfigView view) {
        String node = view.text(ASTERISK_NODE).trim();
        if (node.isEmpty()) node = view.text(AMI_HOST).trim();
        if (node.isEmpty()) node = "asterisk";
        return new RecordsOptions(node, view.duration(FORGET_AFTER, Duration.ofMinutes(1), Duration.ofDays(2)),
                view.bool(CONGESTION));
    }
}
