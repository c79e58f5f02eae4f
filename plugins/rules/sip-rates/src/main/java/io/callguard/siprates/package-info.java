/**
 * Rule module {@code sip-rates}: R7 (at most 60 SIP messages per second per source IP, else the address goes on a
 * block list with an expiry) and R5 (at most 30 SIP transactions per second per account, else the account is told to
 * core's {@link io.callguard.core.sip.SipTransactionRateListener}, which the traffic module offers, or alerted here
 * when none is), counted in exact sliding one-second windows over the SIP messages core's
 * {@link io.callguard.core.sip.SipMessageListener} port is told (the HEP collector, {@code plugins/adapters/hep}). The
 * block list is kept across restarts through the {@link io.callguard.siprates.BlockedAddressRepository} port (the
 * store implements it) and optionally written as an nftables set file for the operator's firewall
 * ({@link io.callguard.siprates.NftablesSetFile}). R5's account of a source address comes from the trunks'
 * sip-addresses ({@link io.callguard.siprates.AccountAddresses}, kept through the
 * {@link io.callguard.siprates.TrunkAddressRepository} port, written by {@code /admin/v1/trunks/{trunkId}/sip-addresses}),
 * else from the {@code sipRates.accountAddresses} option.
 */
package io.callguard.siprates;
