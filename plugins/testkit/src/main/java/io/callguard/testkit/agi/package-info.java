/**
 * An Asterisk-like FastAGI client for tests and load generation: it sends the {@code agi_*} header block the
 * way Asterisk 22 does and answers commands as Asterisk 22 does (including dead-channel replies and the
 * {@code HANGUP} lines), plus access to the real header blocks captured from Asterisk.
 */
package io.callguard.testkit.agi;
