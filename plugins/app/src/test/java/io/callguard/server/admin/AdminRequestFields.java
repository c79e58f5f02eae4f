package io.callguard.server.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.directory.AccountValidator;
import io.callguard.directory.NumberValidator;
import io.callguard.directory.TrunkValidator;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.admin.AmiStatus;
import io.callguard.http.admin.AuditRoutes;
import io.callguard.server.CallguardApp;
import io.callguard.server.http.MountedRoutes;
import io.callguard.store.SqlAuditLog;
import io.callguard.store.Store;
import io.callguard.suspension.SuspensionRequests;
import io.callguard.tariff.NumberTariffs;
import io.vertx.core.json.JsonObject;
import io.vertx.core.WorkerExecutor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of the admin API's bodies and query parameters as its validators define them, for tests outside this
 * package that must cover every one of them (a field added to a validator is then tested without anyone listing it).
 */
public final class AdminRequestFields {
    public static final Set<String> ACCOUNT = AccountValidator.FIELDS;
    public static final Set<String> TRUNK = TrunkValidator.FIELDS;
    /** The directory's own number fields and the tariff rule's (R9), which it reads for the directory. */
    public static final Set<String> NUMBER = union(NumberValidator.FIELDS, NumberTariffs.FIELDS);
    public static final Set<String> SUSPENSION = SuspensionRequests.FIELDS;
    public static final Set<String> SUSPENSION_FREE_TEXT = SuspensionRequests.FREE_TEXT;
    public static final Set<String> BILLING = io.callguard.credit.balance.BalanceRoutes.BILLING_FIELDS;
    public static final Set<String> PAYMENT = io.callguard.credit.balance.BalanceRoutes.PAYMENT_FIELDS;
    public static final Set<String> API_KEY = io.callguard.cti.routes.ApiKeyRoutes.FIELDS;
    public static final Set<String> TARIFF_PLAN = io.callguard.credit.rating.TariffPlanJson.PLAN_FIELDS;
    public static final Set<String> TRAFFIC_RULES = io.callguard.traffic.rules.RuleSetBody.FIELDS;
    public static final Set<String> INCIDENT = io.callguard.incidents.IncidentRoutes.FIELDS;
    public static final Set<String> INCIDENT_FREE_TEXT = io.callguard.incidents.IncidentRoutes.FREE_TEXT;
    public static final Set<String> TRUNK_SIP_ADDRESSES = io.callguard.siprates.TrunkAddressRoutes.FIELDS;
    public static final Set<String> RANGE = io.callguard.reports.api.ReportsRoutes.RANGE_FIELDS;
    public static final Set<String> SHARE_RATE = io.callguard.reports.api.ReportsRoutes.RATE_FIELDS;
    public static final Set<String> AUDIT_PARAMETERS = AuditRoutes.PARAMETERS;
    /** {@code GET …/suspensions?status=}: read by {@link SuspensionRequests#statuses}. */
    public static final Set<String> SUSPENSION_LIST_PARAMETERS = Set.of("status");

    private AdminRequestFields() { }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /**
     * Every route of the admin router that takes a body ({@code "PUT /admin/v1/accounts/:id"}), as
     * {@link AdminServer} mounts them (the rule modules' too), built on {@code app}'s parts and {@code store} (nothing
     * is served).
     */
    public static List<String> bodyRoutes(CallguardApp app, Store store) {
        WorkerExecutor pool = app.vertx().createSharedWorkerExecutor("callguard-routes-listing", 1);
        try {
            AdminContext context = new AdminContext(store::isReachable, app.tracker(),
                    new StoreWorker(pool, StoreFailures.NONE), () -> AmiStatus.DISABLED, new SqlAuditLog(store));
            // a module's POST that declares no body (an action such as the records' purge) reads none: not listed
            Set<String> bodiless = new HashSet<>();
            for (ModuleRoute r : app.moduleAdminRoutes()) {
                if (!r.takesBody()) bodiless.add(r.method().name() + " " + r.path().replaceAll("\\{([A-Za-z0-9]+)}", ":$1"));
            }
            return MountedRoutes.takingABody(new AdminServer(app.vertx(), app.config().admin(), context, () -> true,
                    JsonObject::new, app.moduleAdminRoutes()).router()).stream().filter(r -> !bodiless.contains(r)).toList();
        } finally {
            pool.close();
        }
    }
}
