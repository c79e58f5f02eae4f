package io.callguard.directory;

import io.callguard.core.directory.Trunk;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;

import java.util.List;
import java.util.Set;

import static io.callguard.directory.DirectoryAnswers.answer;
import static io.callguard.directory.DirectoryAnswers.deleted;

/** /admin/v1/accounts/{id}/trunks and /admin/v1/accounts/{id}/trunks/{trunkId}; every route blocks. */
final class TrunkRoutes {
    static final String BASE = AccountRoutes.ONE + "/trunks";
    static final String ONE = BASE + "/{trunkId}";

    private TrunkRoutes() { }

    static List<ModuleRoute> of(DirectoryService service) {
        return List.of(
                new ModuleRoute(Method.GET, BASE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    return answer(() -> service.trunks(accountId),
                            l -> RouteResponse.ok(DirectoryJson.array(l, DirectoryJson::trunk)));
                }),
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    String accountId = request.pathParam("id");
                    String actor = request.actor();
                    Trunk t = TrunkValidator.forCreate(accountId, request.jsonObject(Set.of()));
                    return answer(() -> service.createTrunk(t, actor), x -> RouteResponse.created(
                            AccountRoutes.BASE + "/" + x.accountId() + "/trunks/" + x.id(), DirectoryJson.trunk(x)));
                }),
                new ModuleRoute(Method.GET, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    String trunkId = request.pathParam("trunkId");
                    return answer(() -> service.trunk(accountId, trunkId), x -> RouteResponse.ok(DirectoryJson.trunk(x)));
                }),
                new ModuleRoute(Method.PUT, ONE, true, true, request -> {
                    String actor = request.actor();
                    Trunk t = TrunkValidator.forReplace(request.pathParam("id"), request.pathParam("trunkId"),
                            request.jsonObject(Set.of()));
                    return answer(() -> service.replaceTrunk(t, actor), x -> RouteResponse.ok(DirectoryJson.trunk(x)));
                }),
                new ModuleRoute(Method.DELETE, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    String trunkId = request.pathParam("trunkId");
                    String actor = request.actor();
                    return deleted(() -> service.deleteTrunk(accountId, trunkId, actor));
                }));
    }
}
