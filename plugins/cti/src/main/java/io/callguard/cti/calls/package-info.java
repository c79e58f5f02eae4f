/**
 * Click-to-call: an AMI Originate that rings the client's line first, then dials the destination through the
 * outbound context (so every outbound rule applies), and the call's progress from the AMI events the server forwards.
 */
package io.callguard.cti.calls;
