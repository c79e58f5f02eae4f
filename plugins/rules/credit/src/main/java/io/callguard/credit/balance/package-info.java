/**
 * The outstanding amount ("encours", CGV 8.2) of each account against its credit threshold ("seuil d'encours"): the
 * billing system's unpaid amount and the payments (kept in the store behind {@link io.callguard.credit.balance.BillingRepository}),
 * the calls rated since, the live calls' reserved credit; the default threshold rule; the automatic
 * {@code CREDIT_THRESHOLD} suspension and the warning level; the balance routes.
 */
package io.callguard.credit.balance;
