/** The Asterisk adapter as one piece for the app: AMI (call control, live-call feed) and the FastAGI listener. */
package io.callguard.asterisk;
