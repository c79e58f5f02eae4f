package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;

import java.util.List;
import java.util.Set;

import static io.callguard.directory.DirectoryAnswers.answer;
import static io.callguard.directory.DirectoryAnswers.deleted;

/**
 * /admin/v1/accounts and /admin/v1/accounts/{id}. Every route blocks: the service reads and writes the store, and
 * updates the in-memory directory before the reply.
 */
final class AccountRoutes {
    static final String BASE = "/admin/v1/accounts";
    static final String ONE = BASE + "/{id}";

    private AccountRoutes() { }

    static List<ModuleRoute> of(DirectoryService service) {
        return List.of(
                new ModuleRoute(Method.GET, BASE, false, true, request ->
                        answer(service::accounts, l -> RouteResponse.ok(DirectoryJson.array(l, DirectoryJson::account)))),
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    String actor = request.actor();
                    Account a = AccountValidator.forCreate(request.jsonObject(Set.of()));
                    return answer(() -> service.createAccount(a, actor),
                            x -> RouteResponse.created(BASE + "/" + x.id(), DirectoryJson.account(x)));
                }),
                new ModuleRoute(Method.GET, ONE, false, true, request -> {
                    String id = request.pathParam("id");
                    return answer(() -> service.account(id), x -> RouteResponse.ok(DirectoryJson.account(x)));
                }),
                new ModuleRoute(Method.PUT, ONE, true, true, request -> {
                    String actor = request.actor();
                    Account a = AccountValidator.forReplace(request.pathParam("id"), request.jsonObject(Set.of()));
                    return answer(() -> service.replaceAccount(a, actor), x -> RouteResponse.ok(DirectoryJson.account(x)));
                }),
                new ModuleRoute(Method.DELETE, ONE, false, true, request -> {
                    String id = request.pathParam("id");
                    String actor = request.actor();
                    return deleted(() -> service.deleteAccount(id, actor));
                }));
    }
}
