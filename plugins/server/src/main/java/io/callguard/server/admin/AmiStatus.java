package io.callguard.server.admin;

/** The AMI link as /ready reports it. */
public enum AmiStatus { UP, DOWN, DISABLED }
