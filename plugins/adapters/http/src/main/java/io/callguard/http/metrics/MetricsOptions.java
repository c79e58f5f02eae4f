package io.callguard.http.metrics;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;
import io.callguard.core.metrics.TrunkLabels;

import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.LIST;
import static io.callguard.core.config.OptionType.SECRET;

/**
 * The metrics settings (docs/metrics.md), read with their checks by {@link #from(ConfigView)}.
 *
 * @param enabled     {@code metrics.enabled}: serve {@code GET /metrics} on the admin listener and count (default true)
 * @param token       {@code metrics.token}: a scrape bearer token of its own (empty = none; else at least
 *                    {@value #MIN_TOKEN_LENGTH} characters, not the admin token); never printed
 * @param allowFrom   {@code metrics.allowFrom}: source addresses and CIDR ranges scraping without a token
 * @param trunkLabels {@code metrics.trunkLabels}: which trunks get per-trunk series ({@link TrunkLabels})
 */
public record MetricsOptions(boolean enabled, String token, AddressRanges allowFrom, TrunkLabels trunkLabels) {
    public static final String ENABLED = "metrics.enabled";
    public static final String TOKEN = "metrics.token";
    public static final String ALLOW_FROM = "metrics.allowFrom";
    public static final int MIN_TOKEN_LENGTH = 16;

    public static final List<Option> OPTIONS = List.of(
            Option.of(ENABLED, BOOLEAN, "true", "serve GET /metrics (Prometheus text) on the admin listener"),
            Option.of(TOKEN, SECRET, "", "bearer token of GET /metrics, separate from the admin token (empty = none; never printed)"),
            Option.of(ALLOW_FROM, LIST, "", "source addresses and CIDR ranges that may scrape GET /metrics without a token"),
            Option.of(TrunkLabels.KEY, LIST, TrunkLabels.DEFAULT,
                    "trunks with per-trunk series: none, top:N (the N busiest at each scrape) or a list of trunk ids"));

    /** Metrics on, reachable with the admin token only, the 20 busiest trunks labelled. */
    public static MetricsOptions defaults() {
        return new MetricsOptions(true, "", AddressRanges.NONE, TrunkLabels.top(20));
    }

    @Override public String toString() {
        return "MetricsOptions[enabled=" + enabled + ", token=" + (token.isEmpty() ? "" : "***") + ", trunkLabels="
                + trunkLabels + "]";
    }

    /** Reads and checks the keys; every problem is recorded in {@code view} with its key, none thrown. */
    public static MetricsOptions from(ConfigView view) {
        boolean enabled = view.bool(ENABLED);
        String token = view.text(TOKEN);
        if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            view.problem(TOKEN, "must be empty (no scrape token) or at least " + MIN_TOKEN_LENGTH + " characters, got "
                    + token.length());
        } else if (!token.isEmpty() && !token.equals(token.strip())) {
            view.problem(TOKEN, "must not start or end with a space");
        }
        AddressRanges allow = AddressRanges.NONE;
        try {
            allow = AddressRanges.parse(view.list(ALLOW_FROM));
        } catch (IllegalArgumentException e) {
            view.problem(ALLOW_FROM, e.getMessage() + " (literal addresses or CIDR ranges, e.g. 10.0.0.0/8, ::1)");
        }
        TrunkLabels trunks = TrunkLabels.top(20);
        try {
            trunks = TrunkLabels.parse(view.list(TrunkLabels.KEY));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            view.problem(TrunkLabels.KEY, m.startsWith(TrunkLabels.KEY + ": ") ? m.substring(TrunkLabels.KEY.length() + 2) : m);
        }
        return new MetricsOptions(enabled, token, allow, trunks);
    }
}
