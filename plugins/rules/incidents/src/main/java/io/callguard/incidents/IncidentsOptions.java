package io.callguard.incidents;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;

/** The incidents module's keys, declared here once. */
public record IncidentsOptions(boolean alsaceMoselle) {
    public static final String ALSACE_MOSELLE = "reports.gtr.alsaceMoselle";

    public static final List<Option> OPTIONS = List.of(
            Option.of(ALSACE_MOSELLE, BOOLEAN, "false",
                    "GTR business clock (R12): also count Good Friday and 26 December as holidays (Alsace-Moselle)"));

    /** Reads and checks the keys; a problem is recorded in {@code view} (its key named), none thrown. */
    public static IncidentsOptions from(ConfigView view) { return new IncidentsOptions(view.bool(ALSACE_MOSELLE)); }
}
