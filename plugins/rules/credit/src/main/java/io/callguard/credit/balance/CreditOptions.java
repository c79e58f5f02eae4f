package io.callguard.credit.balance;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The keys of the credit module's balance and policy part (its rating part declares its own), declared here once.
 *
 * @param thresholdBaseCents       the default threshold's base, euro cents
 * @param thresholdPerChannelCents added to it per channel of the account's trunks, euro cents
 * @param warnPercent              the warning level, percent of the threshold (0 = no warning)
 * @param warnWebhookUrl           where a warning is also posted as JSON; null for none
 * @param callShare                the part of the free credit one call may reserve (0 &lt; share ≤ 1)
 */
public record CreditOptions(long thresholdBaseCents, long thresholdPerChannelCents, int warnPercent, URI warnWebhookUrl,
                            BigDecimal callShare) {
    public static final String THRESHOLD_BASE_CENTS = "credit.thresholdBaseCents";
    public static final String THRESHOLD_PER_CHANNEL_CENTS = "credit.thresholdPerChannelCents";
    public static final String WARN_PERCENT = "credit.warnPercent";
    public static final String WARN_WEBHOOK_URL = "credit.warnWebhookUrl";
    public static final String CALL_SHARE = "credit.callShare";
    /** 1,000,000 euros: the largest default part an option may set. */
    static final int MAX_CENTS = 100_000_000;

    public static final List<Option> OPTIONS = List.of(
            Option.of(THRESHOLD_BASE_CENTS, INT, "5000",
                    "default credit threshold of an account without its own creditThresholdCents: this base (euro cents) ..."),
            Option.of(THRESHOLD_PER_CHANNEL_CENTS, INT, "2500",
                    "... plus this much (euro cents) per channel of the account's trunks"),
            Option.of(WARN_PERCENT, INT, "80",
                    "warning level, percent of the threshold: logged, audited and posted to credit.warnWebhookUrl once per crossing; 0 = none"),
            Option.of(WARN_WEBHOOK_URL, STRING, "",
                    "http(s) URL a warning is posted to as JSON; empty = none"),
            Option.of(CALL_SHARE, STRING, "0.5",
                    "part of the account's free credit one outbound call may reserve (0 < share <= 1), so that its other calls get some"),
            Option.of("policy.credit." + io.callguard.core.policy.OnStateFailure.SETTING, STRING, "fail",
                    "fail | pass | deny: the credit policy's answer when the state backend fails or outlasts state.timeout"));

    /** Reads and checks the keys; every problem is recorded in {@code view} (its key named), none thrown. */
    public static CreditOptions from(ConfigView view) {
        long base = view.integer(THRESHOLD_BASE_CENTS, 0, MAX_CENTS, "0.." + MAX_CENTS);
        long perChannel = view.integer(THRESHOLD_PER_CHANNEL_CENTS, 0, MAX_CENTS, "0.." + MAX_CENTS);
        int warn = view.integer(WARN_PERCENT, 0, 99, "0..99");
        URI webhook = null;
        String url = view.text(WARN_WEBHOOK_URL).trim();
        if (!url.isEmpty()) {
            try {
                webhook = URI.create(url);
                if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme()) || webhook.getHost() == null) {
                    view.problem(WARN_WEBHOOK_URL, "must be an http(s) URL, got '" + url + "'");
                    webhook = null;
                }
            } catch (IllegalArgumentException e) {
                view.problem(WARN_WEBHOOK_URL, "must be an http(s) URL, got '" + url + "'");
            }
        }
        BigDecimal share = new BigDecimal("0.5");
        String text = view.text(CALL_SHARE).trim();
        try {
            share = new BigDecimal(text);
            if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                view.problem(CALL_SHARE, "must be a decimal in (0, 1], got '" + text + "'");
                share = new BigDecimal("0.5");
            }
        } catch (NumberFormatException e) {
            view.problem(CALL_SHARE, "must be a decimal in (0, 1], got '" + text + "'");
        }
        return new CreditOptions(base, perChannel, warn, webhook, share);
    }
}
