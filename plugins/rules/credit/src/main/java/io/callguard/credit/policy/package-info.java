/**
 * The {@code credit} policy (R3): an outbound call of an account with a tariff plan is limited to what its available
 * credit buys at the destination's price, by a credit reservation per live call on the state port
 * ({@link io.callguard.core.state.CreditReservations}); a destination the credit cannot pay one increment of is
 * refused ({@code CREDIT_EXHAUSTED}). Emergency calls are never limited, priced or refused.
 */
package io.callguard.credit.policy;
