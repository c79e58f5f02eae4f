/**
 * The SIP-message port: what a capture adapter (today the HEP v3 collector) saw of one SIP message, told to the
 * rule modules that count SIP traffic (R5, R7), so that no rule module parses HEP or SIP itself; and the R5 crossing
 * port ({@link io.callguard.core.sip.SipTransactionRateListener}), by which the module counting SIP transactions tells
 * the module holding the accounts' traffic rules.
 */
package io.callguard.core.sip;
