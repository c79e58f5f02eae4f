package io.callguard.traffic;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.RuleSetting;
import io.callguard.traffic.rules.TrafficRule;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The traffic module's keys, declared here once: the rules' defaults (the contract's figures, CGV 12.1), the alert
 * webhook, the telemarketing report's signals (R14).
 */
public record TrafficOptions(RuleSet defaults, URI webhookUrl, String webhookSecret, int webhookAttempts,
                             Telemarketing telemarketing) {
    public static final String DEFAULT_ACTION = "traffic.defaultAction";
    public static final String SIP_TRANSACTION_RATE_ACTION = "traffic.sipTransactionRateAction";
    public static final String MIN_CALLS = "traffic.minCalls";
    public static final String LOW_ASR_THRESHOLD = "traffic.lowAsrThreshold";
    public static final String SHORT_CALL_SECONDS = "traffic.shortCallSeconds";
    public static final String CONSUMPTION_FACTOR = "traffic.consumptionFactor";
    public static final String WEBHOOK_URL = "traffic.webhookUrl";
    public static final String WEBHOOK_SECRET = "traffic.webhookSecret";
    public static final String WEBHOOK_ATTEMPTS = "traffic.webhookAttempts";
    public static final String TM_MIN_CALLS = "traffic.telemarketing.minCalls";
    public static final String TM_PEAK_CPS = "traffic.telemarketing.peakCallsPerSecond";
    public static final String TM_SHORT_SHARE = "traffic.telemarketing.shortCallsShare";
    public static final String TM_DESTINATION_SHARE = "traffic.telemarketing.distinctDestinationsShare";
    public static final String TM_MOBILE_SHARE = "traffic.telemarketing.mobileShare";
    public static final String TM_MIN_SIGNALS = "traffic.telemarketing.minSignals";

    /**
     * When the report lists an account: at least {@code minCalls} placed in the day and at least {@code minSignals}
     * of the four signals.
     */
    public record Telemarketing(int minCalls, int peakCallsPerSecond, BigDecimal shortCallsShare,
                                BigDecimal distinctDestinationsShare, BigDecimal mobileShare, int minSignals) { }

    public static final List<Option> OPTIONS = List.of(
            Option.of(DEFAULT_ACTION, STRING, "off",
                    "action of every call-record traffic rule (LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION) an account did not set: off, alert or suspend"),
            Option.of(SIP_TRANSACTION_RATE_ACTION, STRING, "alert",
                    "action of the SIP_TRANSACTION_RATE rule (over sipRates.transactionsPerSecond) when an account did not set it: off, alert or suspend"),
            Option.of(MIN_CALLS, INT, "50", "default minimum sample: calls placed in the day before a rule may fire"),
            Option.of(LOW_ASR_THRESHOLD, STRING, "0.5", "LOW_ASR default threshold: daily ASR under it fires (CGV 12.1: 50 %)"),
            Option.of(SHORT_CALL_SECONDS, INT, "40",
                    "SHORT_CALLS default threshold: daily average call duration under it fires (CGV 12.1: 40 s); also the bound of a short call"),
            Option.of(CONSUMPTION_FACTOR, STRING, "3",
                    "ABNORMAL_CONSUMPTION default factor: today's billable seconds over it times the trailing 28-day same-weekday average fires"),
            Option.of(WEBHOOK_URL, STRING, "", "http(s) URL an alert is posted to as JSON; empty = none"),
            Option.of(WEBHOOK_SECRET, SECRET, "",
                    "key of the HMAC-SHA256 of the body sent in X-Callguard-Signature (sha256=<hex>); empty = unsigned"),
            Option.of(WEBHOOK_ATTEMPTS, INT, "4", "attempts of one alert's post (1..10), 1 s, 2 s, 4 s… apart"),
            Option.of(TM_MIN_CALLS, INT, "100", "telemarketing report: calls placed in the day before an account is considered"),
            Option.of(TM_PEAK_CPS, INT, "3", "telemarketing signal: peak calls per second at least this"),
            Option.of(TM_SHORT_SHARE, STRING, "0.5", "telemarketing signal: share of answered calls shorter than the short-call bound at least this"),
            Option.of(TM_DESTINATION_SHARE, STRING, "0.8", "telemarketing signal: distinct destinations / calls placed at least this"),
            Option.of(TM_MOBILE_SHARE, STRING, "0.6", "telemarketing signal: share of calls placed to mobiles at least this"),
            Option.of(TM_MIN_SIGNALS, INT, "3", "telemarketing report: signals (of 4) an account must show to be listed"));

    /** Reads and checks the keys; every problem is recorded in {@code view} (its key named), none thrown. */
    public static TrafficOptions from(ConfigView view) {
        RuleAction action = action(view, DEFAULT_ACTION);
        RuleAction sipAction = action(view, SIP_TRANSACTION_RATE_ACTION);
        long minCalls = view.integer(MIN_CALLS, 1, 1_000_000, "1..1000000");
        BigDecimal asr = decimal(view, LOW_ASR_THRESHOLD, BigDecimal.ZERO, BigDecimal.ONE, "0.5");
        long seconds = view.integer(SHORT_CALL_SECONDS, 1, 3600, "1..3600");
        BigDecimal factor = decimal(view, CONSUMPTION_FACTOR, BigDecimal.ONE, BigDecimal.valueOf(1000), "3");
        RuleSet defaults = new RuleSet(Map.of(
                TrafficRule.LOW_ASR, new RuleSetting(action, asr, seconds, factor, minCalls),
                TrafficRule.SHORT_CALLS, new RuleSetting(action, asr, seconds, factor, minCalls),
                TrafficRule.ABNORMAL_CONSUMPTION, new RuleSetting(action, asr, seconds, factor, minCalls),
                TrafficRule.SIP_TRANSACTION_RATE, new RuleSetting(sipAction, asr, seconds, factor, minCalls)));
        URI webhook = null;
        String url = view.text(WEBHOOK_URL).trim();
        if (!url.isEmpty()) {
            try {
                webhook = URI.create(url);
                if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme()) || webhook.getHost() == null) {
                    view.problem(WEBHOOK_URL, "must be an http(s) URL, got '" + url + "'");
                    webhook = null;
                }
            } catch (IllegalArgumentException e) {
                view.problem(WEBHOOK_URL, "must be an http(s) URL, got '" + url + "'");
            }
        }
        Telemarketing tm = new Telemarketing(view.integer(TM_MIN_CALLS, 1, 1_000_000, "1..1000000"),
                view.integer(TM_PEAK_CPS, 1, 10_000, "1..10000"),
                decimal(view, TM_SHORT_SHARE, BigDecimal.ZERO, BigDecimal.ONE, "0.5"),
                decimal(view, TM_DESTINATION_SHARE, BigDecimal.ZERO, BigDecimal.ONE, "0.8"),
                decimal(view, TM_MOBILE_SHARE, BigDecimal.ZERO, BigDecimal.ONE, "0.6"),
                view.integer(TM_MIN_SIGNALS, 1, 4, "1..4"));
        return new TrafficOptions(defaults, webhook, view.text(WEBHOOK_SECRET),
                view.integer(WEBHOOK_ATTEMPTS, 1, 10, "1..10"), tm);
    }

    private static RuleAction action(ConfigView view, String key) {
        RuleAction action = RuleAction.fromCode(view.text(key).trim());
        if (action != null) return action;
        view.problem(key, "must be off, alert or suspend, got '" + view.text(key) + "'");
        return RuleAction.OFF;
    }

    private static BigDecimal decimal(ConfigView view, String key, BigDecimal min, BigDecimal max, String fallback) {
        String text = view.text(key).trim();
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        view.problem(key, "must be a decimal in [" + min + ", " + max + "], got '" + text + "'");
        return new BigDecimal(fallback);
    }
}
