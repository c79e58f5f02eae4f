package io.callguard.core.records;

/**
 * Told of every finished call's record, rated or not, as the call-records module hands it to its writer (a module
 * offers one among its services: the traffic measures of R5). Called on the thread of the event that ended the call:
 * keep it short and never block; an exception is logged and counted by the caller, never stops the record.
 */
@FunctionalInterface
public interface CallRecordListener {
    void recorded(CallRecord record);
}
