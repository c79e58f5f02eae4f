package io.callguard.suspension;

/** How a suspension ended: LIFTED after it had started, CANCELLED while it was still scheduled. */
public enum EndKind { LIFTED, CANCELLED }
