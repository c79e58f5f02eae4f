package io.callguard.credit.rating;

import io.callguard.core.numbering.NumberCategory;

import java.util.Optional;

/**
 * The tariff plans in force, in memory (read on the decision path and at each call's end: no store read).
 */
public interface Tariffs {
    /**
     * The price of a destination under the current version of plan {@code planId}: by the callee's class in the French
     * numbering plan and its detail (the 08 tier {@code 081}/{@code 082}/{@code 089}, an international country code),
     * international numbers by the longest matching prefix of {@code calleeNormalised} ({@code +44...}); emergency
     * numbers always free. Empty when the plan is unknown or has no line for the destination.
     */
    Optional<DestinationPrice> price(String planId, NumberCategory category, String categoryDetail, String calleeNormalised);
}
