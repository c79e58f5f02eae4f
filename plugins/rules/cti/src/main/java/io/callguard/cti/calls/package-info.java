/**
 * Click-to-call: an AMI Originate that rings the client's line first, then dials the destination through the
 * outbound context (so every outbound rule applies), and the call's progress from the AMI events the server forwards
 * and from callguard's own decision on the dialled leg. The caps ({@link io.callguard.core.control.CallAdmission}) are
 * checked, and the client leg's slot reserved, before anything rings.
 */
package io.callguard.cti.calls;
