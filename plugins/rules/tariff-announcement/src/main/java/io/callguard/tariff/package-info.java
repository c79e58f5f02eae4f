/**
 * R9, the tariff of a client's 08 numbers: {@link io.callguard.tariff.TariffRules} keeps service charges within
 * ARCEP's "C+S" ceilings, {@link io.callguard.tariff.TariffPrompts} names and words the announcement of each charge,
 * and the {@code tariff-announcement} policy tells the dialplan which announcement to play, free, before an inbound
 * call is answered. {@link io.callguard.tariff.TariffAnnouncementModule} is the family as a rule module: the policy,
 * the admin API's tariff reports ({@link io.callguard.tariff.TariffRoutes}), and {@link io.callguard.tariff.NumberTariffs},
 * the tariff rule the directory module's number routes apply through the {@link io.callguard.core.directory.NumberTariffFields}
 * the module offers.
 */
package io.callguard.tariff;
