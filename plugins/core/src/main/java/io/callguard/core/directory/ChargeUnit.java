package io.callguard.core.directory;

/**
 * How a special number's service charge is counted under the "C+S" model (ARCEP decision 2012-0856): per minute
 * of call or once per call. Each tier of 081/082/089 numbers has a ceiling for both
 * ({@link io.callguard.core.numbering.SurchargeTier}).
 */
public enum ChargeUnit { MINUTE, CALL }
