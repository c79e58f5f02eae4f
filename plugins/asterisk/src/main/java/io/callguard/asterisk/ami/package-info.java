/**
 * The AMI adapter: an asterisk-java ManagerConnection kept up (backoff, ping, resync on every login) whose channel
 * events feed the call tracker, plus a small off-event-loop action sender.
 */
package io.callguard.asterisk.ami;
