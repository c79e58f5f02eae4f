/**
 * The {@code credit} rule module (R3, CGV 8.2): rating ({@code rating}), the outstanding amount, the credit threshold
 * and its automatic {@code CREDIT_THRESHOLD} suspension ({@code balance}), and the {@code credit} policy that limits
 * an outbound call to what the available credit pays for.
 */
package io.callguard.credit;
