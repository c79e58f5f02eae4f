package io.callguard.server.admin;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Directory;
import io.callguard.cti.keys.ApiKey;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.keys.IssuedKey;
import io.callguard.server.http.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * /admin/v1/accounts/{id}/api-keys and …/api-keys/{keyId}: the CTI API keys of an account (R8). POST issues one
 * ({@code {"label"}} optional) and answers its secret, the only time it is shown (only its SHA-256 is stored); GET
 * lists them without secrets; DELETE revokes one (effective at once on this node). Issue and revoke are audited
 * ({@code apikey.issue}, {@code apikey.revoke}, target {@code account:<id>}) with the key's id and label, never its
 * secret nor its hash.
 */
final class ApiKeyRoutes {
    /** The accounts' routes are the directory module's; the keys hang under them. */
    private static final String ACCOUNTS = "/admin/v1/accounts";
    static final String BASE = ACCOUNTS + "/:id/api-keys";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRoutes.class);
    static final Set<String> FIELDS = Set.of("label");
    private static final int MAX_LABEL = 200;

    private ApiKeyRoutes() { }

    static void mount(Router router, ApiKeyService keys, Directory directory, AuditLog audit, Clock clock,
                      StoreWorker worker) {
        router.post(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String actor = Actor.of(ctx);
            requireAccount(directory, accountId);
            String label = label(ctx);
            Responses.created(ctx, worker.run(() -> {
                IssuedKey issued = keys.issue(accountId, label);
                record(audit, clock, actor, "apikey.issue", accountId, null, key(issued.key()));
                return issued;
            }), k -> ACCOUNTS + "/" + accountId + "/api-keys/" + k.id(),
                    k -> key(k.key()).put("secret", k.secret()));
        });

        router.get(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            requireAccount(directory, accountId);
            Responses.reply(ctx, worker.run(() -> keys.list(accountId)), 200, list -> ApiJson.array(list, ApiKeyRoutes::key));
        });

        router.delete(BASE + "/:keyId").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String keyId = ctx.pathParam("keyId");
            String actor = Actor.of(ctx);
            requireAccount(directory, accountId);
            Responses.deleted(ctx, worker.run(() -> {
                ApiKey before = keys.list(accountId).stream().filter(k -> k.id().equals(keyId)).findFirst().orElse(null);
                if (before == null || !keys.revoke(accountId, keyId)) {
                    throw Problem.notFound("API key '" + keyId + "' not found (or already revoked) in account '"
                            + accountId + "'").exception();
                }
                ApiKey after = keys.list(accountId).stream().filter(k -> k.id().equals(keyId)).findFirst()
                        .orElse(before);
                record(audit, clock, actor, "apikey.revoke", accountId, key(before), key(after));
                return null;
            }));
        });
    }

    /** A key as listed: never its secret nor its hash. */
    static JsonObject key(ApiKey k) {
        return new JsonObject().put("id", k.id()).put("accountId", k.accountId()).put("label", k.label())
                .put("createdAt", iso(k.createdAt())).put("revokedAt", iso(k.revokedAt()))
                .put("lastUsedAt", iso(k.lastUsedAt()));
    }

    /** The optional {@code {"label"}} body: none (or an empty body) means no label. */
    private static String label(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) return null;
        FieldReader fields = new FieldReader(Bodies.object(ctx), FIELDS);
        String label = fields.string("label", false);
        if (label != null && label.strip().length() > MAX_LABEL) fields.error("label", "must be at most " + MAX_LABEL + " characters");
        fields.throwIfInvalid();
        return label;
    }

    private static void requireAccount(Directory directory, String accountId) {
        if (!Ids.valid(accountId) || directory.account(accountId).isEmpty()) {
            throw Problem.notFound("account '" + accountId + "' not found").exception();
        }
    }

    /** Appends the audit entry; if it cannot be stored the change stands and the entry is logged at ERROR. */
    private static void record(AuditLog audit, Clock clock, String actor, String action, String accountId,
                               JsonObject before, JsonObject after) {
        AuditEntry entry = AuditEntry.of(clock.instant(), actor, action, "account:" + accountId,
                before == null ? null : before.encode(), after == null ? null : after.encode());
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }

    private static String iso(Instant t) { return t == null ? null : t.toString(); }
}
