package io.callguard.credit.rating;

import io.callguard.core.numbering.NumberCategory;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a tariff plan, resolved (the plan's defaults applied): which destinations it prices and how. A line
 * matches the numbers of its {@code destination} whose normal form starts with {@code prefix} ({@code ""}: every
 * number of the destination); of several matching lines, the longest prefix wins.
 *
 * @param id          the line's id, unique in the plan, kept in each rating ({@code mobile}, {@code intl-44})
 * @param destination the callee's class in the French numbering plan
 * @param prefix      {@code ""}, national digits ({@code 0899}, {@code 3900}) or {@code +} and a country code
 *                    ({@code +44}) for INTERNATIONAL
 * @param free        nothing is charged
 * @param connectionFeeCents          charged once per answered call
 * @param perMinuteCents              the price of a minute of the call itself
 * @param serviceChargePerMinuteCents an 081/082/089 number's service charge per minute, on top (C+S)
 * @param serviceChargePerCallCents   an 081/082/089 number's service charge per call, on top (C+S)
 * @param firstIncrementSeconds       the first charged block
 * @param nextIncrementSeconds        each following block
 */
public record TariffRate(String id, NumberCategory destination, String prefix, boolean free,
                         BigDecimal connectionFeeCents, BigDecimal perMinuteCents,
                         BigDecimal serviceChargePerMinuteCents, BigDecimal serviceChargePerCallCents,
                         int firstIncrementSeconds, int nextIncrementSeconds) {
    public TariffRate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(prefix, "prefix");
        connectionFeeCents = Cents.normal(connectionFeeCents);
        perMinuteCents = Cents.normal(perMinuteCents);
        serviceChargePerMinuteCents = Cents.normal(serviceChargePerMinuteCents);
        serviceChargePerCallCents = Cents.normal(serviceChargePerCallCents);
    }

    /** This line as the price of a destination under {@code planId} version {@code version}. */
    public DestinationPrice price(String planId, int version) {
        return new DestinationPrice(planId, version, id, free, connectionFeeCents, perMinuteCents,
                serviceChargePerMinuteCents, serviceChargePerCallCents, firstIncrementSeconds, nextIncrementSeconds);
    }
}
