/**
 * The call-control port: what callguard asks of the telephony platform (hang a channel up, originate a call, list
 * the live channels) and the call events it hears back. Rule modules depend on these types only; the Asterisk
 * adapter implements them over AMI, so no rule module knows the wire protocol.
 */
package io.callguard.core.control;
