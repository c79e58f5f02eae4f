package io.callguard.http.admin;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.time.RequestInstants;
import io.callguard.http.FieldError;
import io.callguard.http.Problem;
import io.callguard.http.StoreWorker;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GET /admin/v1/audit?target=account:acme&since=2025-01-06T00:00:00Z&limit=100: the audit trail, newest first.
 * {@code target} is a prefix ({@code account:acme} also matches {@code account:acme-2}; {@code suspension:} lists
 * every suspension's entries), {@code since} inclusive, {@code limit} 1 to {@value #MAX_LIMIT} (default
 * {@value #DEFAULT_LIMIT}).
 */
public final class AuditRoutes {
    static final String PATH = "/admin/v1/audit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TARGET_LENGTH = 300;
    /** The query parameters it reads (any other is refused, naming it). */
    public static final Set<String> PARAMETERS = Set.of("target", "since", "limit");

    private AuditRoutes() { }

    static void mount(Router router, AuditLog audit, StoreWorker worker) {
        router.get(PATH).handler(ctx -> {
            AuditQuery query = query(ctx.queryParams());
            Responses.reply(ctx, worker.run(() -> audit.list(query)), 200, l -> ApiJson.array(l, ApiJson::auditEntry),
                    worker.failures());
        });
    }

    /** @throws ProblemException 400 naming every bad or unknown parameter */
    static AuditQuery query(MultiMap params) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : params.names()) {
            if (!PARAMETERS.contains(name)) errors.add(new FieldError(name, "unknown parameter (known: limit, since, target)"));
        }
        String target = params.get("target");
        if (target != null && target.length() > MAX_TARGET_LENGTH) {
            errors.add(new FieldError("target", "at most " + MAX_TARGET_LENGTH + " characters, got " + target.length()));
        }
        Instant since = null;
        String sinceText = params.get("since");
        if (sinceText != null) {
            since = RequestInstants.parse(sinceText).orElse(null);
            if (since == null) errors.add(new FieldError("since", RequestInstants.RULE + ", got '" + sinceText + "'"));
        }
        int limit = DEFAULT_LIMIT;
        String limitText = params.get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer 1.." + MAX_LIMIT + ", got '" + limitText + "'"));
            }
        }
        if (!errors.isEmpty()) throw Problem.validation(errors).exception();
        return new AuditQuery(target, since, limit);
    }
}
