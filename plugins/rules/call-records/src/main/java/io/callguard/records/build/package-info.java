/**
 * Builds one {@link io.callguard.core.records.CallRecord} per call from what callguard already hears: the AMI call
 * events ({@link io.callguard.core.control.CallEvent}), the FastAGI decisions and the call tracker's
 * resynchronisations. Legs are paired by Asterisk's Linkedid; see {@link io.callguard.records.build.CallRecordBuilder}.
 */
package io.callguard.records.build;
