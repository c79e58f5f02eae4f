/**
 * R9, the tariff of a client's 08 numbers: {@link io.callguard.tariff.TariffRules} keeps service charges within
 * ARCEP's "C+S" ceilings, {@link io.callguard.tariff.TariffPrompts} names and words the announcement of each charge,
 * and the {@code tariff-announcement} policy tells the dialplan which announcement to play, free, before an inbound
 * call is answered.
 */
package io.callguard.tariff;
