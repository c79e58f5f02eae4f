package io.callguard.suspension;

import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Ids;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * /admin/v1/accounts/{id}/suspensions and …/suspensions/{sid}: suspend the account or one of its trunks (now or
 * from {@code startsAt}), list the suspensions with their history, lift one (or cancel a scheduled one). The
 * service persists, updates the decisions' in-memory book and audits before the reply, so every route blocks.
 */
final class SuspensionRoutes {
    static final String ACCOUNTS = "/admin/v1/accounts";
    static final String BASE = ACCOUNTS + "/{id}/suspensions";
    static final String ONE = BASE + "/{sid}";

    private SuspensionRoutes() { }

    /** @param clock the store's clock (milliseconds): the statuses shown are those at its instant */
    static List<ModuleRoute> of(SuspensionService service, Directory directory, Clock clock) {
        Function<Suspension, RouteResponse> ok = s -> RouteResponse.ok(SuspensionJson.toMap(s, clock.instant()));
        return List.of(
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    String accountId = request.pathParam("id");
                    String actor = request.actor();
                    SuspendCommand command = SuspensionRequests.forCreate(accountId, actor,
                            request.jsonObject(SuspensionRequests.FREE_TEXT));
                    return answer(() -> service.suspend(command),
                            s -> RouteResponse.created(location(s), SuspensionJson.toMap(s, clock.instant())));
                }),
                new ModuleRoute(Method.GET, BASE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    Set<SuspensionStatus> statuses = SuspensionRequests.statuses(request.queries("status"));
                    if (unknown(directory, accountId)) return accountNotFound(accountId);
                    List<Suspension> history = service.history(accountId);
                    Instant now = clock.instant();
                    List<Object> out = new ArrayList<>();
                    for (Suspension s : history) {
                        if (statuses.contains(s.status(now))) out.add(SuspensionJson.toMap(s, now));
                    }
                    return RouteResponse.ok(out);
                }),
                new ModuleRoute(Method.GET, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    if (unknown(directory, accountId)) return accountNotFound(accountId);
                    return answer(() -> service.get(accountId, request.pathParam("sid")), ok);
                }),
                // Lifts an active suspension, cancels a scheduled one: 200 with it as it ended (LIFTED or CANCELLED).
                new ModuleRoute(Method.DELETE, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    String actor = request.actor();
                    if (unknown(directory, accountId)) return accountNotFound(accountId);
                    return answer(() -> service.lift(accountId, request.pathParam("sid"), actor), ok);
                }));
    }

    static String location(Suspension s) { return ACCOUNTS + "/" + s.accountId() + "/suspensions/" + s.id(); }

    /** Whether the account is unknown (the directory is in memory: no blocking). */
    private static boolean unknown(Directory directory, String accountId) {
        return !Ids.valid(accountId) || directory.account(accountId).isEmpty();
    }

    private static RouteResponse accountNotFound(String accountId) {
        return RouteResponse.notFound("account '" + accountId + "' not found");
    }

    /** Runs the service call, turning its exceptions into the problems they mean. */
    private static RouteResponse answer(Callable<Suspension> work, Function<Suspension, RouteResponse> ok)
            throws Exception {
        Suspension s;
        try {
            s = work.call();
        } catch (SuspensionNotFoundException e) {
            return RouteResponse.notFound(e.getMessage());
        } catch (AlreadyEndedException e) {
            return RouteResponse.conflict(e.getMessage());
        } catch (UnknownTargetException e) {
            if (!"trunkId".equals(e.field())) return RouteResponse.notFound(e.getMessage());
            throw InvalidFields.of(e.field(), SuspensionRequests.withoutField(e.field(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : "";
            if (!SuspensionRequests.FIELDS.contains(field)) return RouteResponse.badRequest(message);
            throw InvalidFields.of(field, message.substring(colon + 2));
        }
        return ok.apply(s);
    }
}
