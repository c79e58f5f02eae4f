package io.callguard.core.policy;

public enum Verdict { ALLOW, DENY }
