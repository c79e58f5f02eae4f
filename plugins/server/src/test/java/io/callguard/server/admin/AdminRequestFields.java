package io.callguard.server.admin;

import java.util.Set;

/**
 * The fields of the admin API's bodies and query parameters as its validators define them, for tests outside this
 * package that must cover every one of them (a field added to a validator is then tested without anyone listing it).
 */
public final class AdminRequestFields {
    public static final Set<String> ACCOUNT = AccountValidator.FIELDS;
    public static final Set<String> TRUNK = TrunkValidator.FIELDS;
    public static final Set<String> NUMBER = NumberValidator.FIELDS;
    public static final Set<String> SUSPENSION = SuspensionValidator.FIELDS;
    public static final Set<String> SUSPENSION_FREE_TEXT = SuspensionValidator.FREE_TEXT;
    public static final Set<String> API_KEY = ApiKeyRoutes.FIELDS;
    public static final Set<String> AUDIT_PARAMETERS = AuditRoutes.PARAMETERS;
    /** {@code GET …/suspensions?status=}: read by {@link SuspensionValidator#statuses}. */
    public static final Set<String> SUSPENSION_LIST_PARAMETERS = Set.of("status");

    private AdminRequestFields() { }
}
