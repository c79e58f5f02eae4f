package io.callguard.credit.policy;

import io.callguard.core.state.CreditReservations;
import io.callguard.credit.balance.Balances;
import io.callguard.credit.rating.Tariffs;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the credit module built for its policy, offered as a service (the policy of the app's chain finds it there).
 *
 * @param balances     the accounts' settled amounts and thresholds
 * @param reservations the live calls' credit reservations
 * @param tariffs      the tariffs in force, when a module offers them (asked at each decision: the rating part may
 *                     be started after)
 * @param callShare    the part of the free credit one call may reserve
 */
public record CreditPolicyParts(Balances balances, CreditReservations reservations, Supplier<Optional<Tariffs>> tariffs,
                                BigDecimal callShare) {
    public CreditPolicyParts {
        Objects.requireNonNull(balances, "balances");
        Objects.requireNonNull(reservations, "reservations");
        Objects.requireNonNull(tariffs, "tariffs");
        Objects.requireNonNull(callShare, "callShare");
    }
}
