package io.callguard.core.policy;

/** Which way a call goes, seen from the client: OUTBOUND leaves the client's trunk, INBOUND reaches its numbers. */
public enum Direction { OUTBOUND, INBOUND }
