package io.callguard.core.directory;

import io.callguard.core.module.BodyFields;
import io.callguard.core.numbering.ClassifiedNumber;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The tariff fields of a directory number (R9) as the admin API's number bodies and answers carry them. The
 * directory owns the number and its routes; the rule that owns the tariff (the tariff-announcement module) reads,
 * checks and shows these fields, offered as a service of this type. Without it a number body takes no tariff field
 * and a number is stored without a tariff. Stateless and thread-safe.
 */
public interface NumberTariffFields {
    /** The body fields read here (besides the directory's own {@code number} and {@code trunkId}). */
    Set<String> fields();

    /**
     * Reads the tariff fields of a number body, recording an error in {@code body} for each malformed one; when the
     * body is valid so far, resolves the tariff to store and records the rule's refusal as an error of the field at
     * fault (naming the legal ceiling).
     *
     * @param number the body's number, classified; null when it is invalid (the fields are then only read)
     * @param at     when the write happens: the time of an announcement switch-off
     * @param actor  who writes: the author of an announcement switch-off
     * @return the tariff to store; null for none, or when the body is invalid
     */
    SpecialTariff read(BodyFields body, ClassifiedNumber number, Instant at, String actor);

    /** {@code after} as it replaces the stored {@code before}: what of the stored tariff a replacement keeps. */
    DidNumber replacing(DidNumber before, DidNumber after);

    /** The tariff fields of the number's JSON, in the API's order; empty for a number that shows none. */
    Map<String, Object> json(DidNumber number);
}
