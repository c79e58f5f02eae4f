/**
 * The AMI adapter: an asterisk-java ManagerConnection kept up (backoff, ping, resync on every login) whose channel
 * events feed the call tracker and are published as core's call events, and {@link
 * io.callguard.asterisk.ami.AmiCallControl}, core's call-control port over AMI actions. No asterisk-java type
 * leaves this package.
 */
package io.callguard.asterisk.ami;
