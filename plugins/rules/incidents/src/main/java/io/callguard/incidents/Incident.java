package io.callguard.incidents;

import java.time.Instant;
import java.util.Objects;

/**
 * One incident ticket: an interruption of a service of an account, from its report to the operator ({@code openedAt},
 * "la signalisation de l'incident", when the GTR's four hours start) to its restoration.
 *
 * @param id         the ticket's id (sortable by creation)
 * @param accountId  the account whose service is interrupted
 * @param service    which service (free text, e.g. {@code trunk-a} or {@code SIP trunk Paris})
 * @param openedAt   when the incident was reported
 * @param restoredAt when the service was restored; null while it is not
 * @param notes      free text, empty when none
 * @param createdAt  when the ticket was recorded in callguard
 * @param createdBy  who recorded it (the admin API's actor)
 */
public record Incident(String id, String accountId, String service, Instant openedAt, Instant restoredAt, String notes,
                       Instant createdAt, String createdBy) {
    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (restoredAt != null && restoredAt.isBefore(openedAt)) {
            throw new IllegalArgumentException("restoredAt: must not be before openedAt");
        }
    }

    public boolean open() { return restoredAt == null; }

    /** The same ticket with these editable fields. */
    public Incident with(String newService, Instant newOpenedAt, Instant newRestoredAt, String newNotes) {
        return new Incident(id, accountId, newService, newOpenedAt, newRestoredAt, newNotes, createdAt, createdBy);
    }
}
