package io.callguard.credit.rating;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.STRING;

/** The rating's configuration keys (module {@code credit}), declared once, read by {@link #from}. */
public final class RatingOptions {
    public static final String DEFAULT_PLAN = "credit.defaultPlan";
    public static final String PLANS_REFRESH_INTERVAL = "credit.plansRefreshInterval";

    public static final List<Option> OPTIONS = List.of(
            Option.of(DEFAULT_PLAN, STRING, "", "tariff plan of the accounts that name none (empty = such accounts' calls are not rated)"),
            Option.of(PLANS_REFRESH_INTERVAL, DURATION, "60s", "tariff plan versions written on other nodes put in force this often"));

    /**
     * @param defaultPlan     the plan of accounts without one, empty for none
     * @param refreshInterval how often the versions written elsewhere are looked for
     */
    public record Settings(Optional<String> defaultPlan, Duration refreshInterval) { }

    private RatingOptions() { }

    /** Problems are recorded in {@code view}, naming the key. */
    public static Settings from(ConfigView view) {
        String plan = view.text(DEFAULT_PLAN).trim();
        if (!plan.isEmpty() && !io.callguard.core.directory.Ids.valid(plan)) {
            view.problem(DEFAULT_PLAN, "a tariff plan id " + io.callguard.core.directory.Ids.RULE + ", got '" + plan + "'");
        }
        Duration refresh = view.duration(PLANS_REFRESH_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(24));
        return new Settings(plan.isEmpty() ? Optional.empty() : Optional.of(plan), refresh);
    }
}
