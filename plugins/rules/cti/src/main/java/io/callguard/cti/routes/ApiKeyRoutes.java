package io.callguard.cti.routes;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Ids;
import io.callguard.core.json.CompactJson;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.cti.keys.ApiKey;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.keys.IssuedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /admin/v1/accounts/{id}/api-keys and …/api-keys/{keyId}: the CTI API keys of an account (R8). POST issues one
 * ({@code {"label"}} optional) and answers its secret, the only time it is shown (only its SHA-256 is stored); GET
 * lists them without secrets; DELETE revokes one (effective at once on this node). Issue and revoke are audited
 * ({@code apikey.issue}, {@code apikey.revoke}, target {@code account:<id>}) with the key's id and label, never its
 * secret nor its hash. Every route reads or writes the store: blocking routes.
 */
public final class ApiKeyRoutes {
    public static final String ACCOUNTS = "/admin/v1/accounts";
    public static final String BASE = ACCOUNTS + "/{id}/api-keys";
    public static final Set<String> FIELDS = Set.of("label");
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRoutes.class);
    private static final int MAX_LABEL = 200;

    private ApiKeyRoutes() { }

    /** @param clock what audit entries are stamped with (milliseconds, as the store keeps them) */
    public static List<ModuleRoute> of(ApiKeyService keys, Directory directory, AuditLog audit, Clock clock) {
        return List.of(
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    String accountId = request.pathParam("id");
                    String actor = request.actor();
                    if (!known(directory, accountId)) return accountNotFound(accountId);
                    String label = label(request);
                    IssuedKey issued = keys.issue(accountId, label);
                    record(audit, clock, actor, "apikey.issue", accountId, null, CtiJson.key(issued.key()));
                    Map<String, Object> body = CtiJson.key(issued.key());
                    body.put("secret", issued.secret());
                    return RouteResponse.created(ACCOUNTS + "/" + accountId + "/api-keys/" + issued.id(), body);
                }),
                new ModuleRoute(Method.GET, BASE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    if (!known(directory, accountId)) return accountNotFound(accountId);
                    return RouteResponse.ok(keys.list(accountId).stream().map(CtiJson::key).toList());
                }),
                new ModuleRoute(Method.DELETE, BASE + "/{keyId}", false, true, request -> {
                    String accountId = request.pathParam("id");
                    String keyId = request.pathParam("keyId");
                    String actor = request.actor();
                    if (!known(directory, accountId)) return accountNotFound(accountId);
                    Optional<ApiKey> before = find(keys, accountId, keyId);
                    if (before.isEmpty() || !keys.revoke(accountId, keyId)) {
                        return RouteResponse.notFound("API key '" + keyId + "' not found (or already revoked) in account '"
                                + accountId + "'");
                    }
                    ApiKey after = find(keys, accountId, keyId).orElse(before.get());
                    record(audit, clock, actor, "apikey.revoke", accountId, CtiJson.key(before.get()), CtiJson.key(after));
                    return RouteResponse.noContent();
                }));
    }

    /** The optional {@code {"label"}} body: none (or an empty body) means no label. */
    private static String label(RouteRequest request) {
        if (request.body().isEmpty()) return null;
        BodyFields fields = new BodyFields(request.jsonObject(Set.of()), FIELDS);
        String label = fields.string("label", false);
        if (label != null && label.strip().length() > MAX_LABEL) fields.error("label", "must be at most " + MAX_LABEL + " characters");
        fields.throwIfInvalid();
        return label;
    }

    private static boolean known(Directory directory, String accountId) {
        return Ids.valid(accountId) && directory.account(accountId).isPresent();
    }

    private static RouteResponse accountNotFound(String accountId) {
        return RouteResponse.notFound("account '" + accountId + "' not found");
    }

    private static Optional<ApiKey> find(ApiKeyService keys, String accountId, String keyId) {
        return keys.list(accountId).stream().filter(k -> k.id().equals(keyId)).findFirst();
    }

    /** Appends the audit entry; if it cannot be stored the change stands and the entry is logged at ERROR. */
    private static void record(AuditLog audit, Clock clock, String actor, String action, String accountId,
                               Map<String, Object> before, Map<String, Object> after) {
        AuditEntry entry = AuditEntry.of(clock.instant(), actor, action, "account:" + accountId,
                before == null ? null : CompactJson.write(before), after == null ? null : CompactJson.write(after));
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }
}
