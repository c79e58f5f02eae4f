/**
 * The SIP-message port: what a capture adapter (today the HEP v3 collector) saw of one SIP message, told to the
 * rule modules that count SIP traffic (R5, R7), so that no rule module parses HEP or SIP itself.
 */
package io.callguard.core.sip;
