package io.callguard.directory;

import io.callguard.core.directory.DidNumber;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.callguard.directory.DirectoryAnswers.answer;
import static io.callguard.directory.DirectoryAnswers.deleted;

/**
 * /admin/v1/accounts/{id}/numbers and /admin/v1/accounts/{id}/numbers/{number}; the path's number is normalised
 * like the body's ({@code +33198765432} and {@code 0198765432} name the same number). Every route blocks.
 */
final class NumberRoutes {
    static final String BASE = AccountRoutes.ONE + "/numbers";
    static final String ONE = BASE + "/{number}";

    private NumberRoutes() { }

    static List<ModuleRoute> of(DirectoryService service, NumberValidator validator) {
        return List.of(
                new ModuleRoute(Method.GET, BASE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    return answer(() -> service.numbers(accountId),
                            l -> RouteResponse.ok(DirectoryJson.array(l, service::numberJson)));
                }),
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    String accountId = request.pathParam("id");
                    String actor = request.actor();
                    DidNumber n = validator.forCreate(accountId, request.jsonObject(Set.of()), actor);
                    return answer(() -> service.createNumber(n, actor), x -> RouteResponse.created(
                            AccountRoutes.BASE + "/" + x.accountId() + "/numbers/" + x.number(), service.numberJson(x)));
                }),
                new ModuleRoute(Method.GET, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    String given = request.pathParam("number");
                    Optional<String> number = validator.normalise(given);
                    return answer(() -> service.number(accountId, number, given), x -> RouteResponse.ok(service.numberJson(x)));
                }),
                new ModuleRoute(Method.PUT, ONE, true, true, request -> {
                    String accountId = request.pathParam("id");
                    String given = request.pathParam("number");
                    Optional<String> number = validator.normalise(given);
                    if (number.isEmpty()) {
                        // a path that cannot name an assignable number names nothing; still 404 the account first
                        return answer(() -> service.number(accountId, number, given),
                                x -> RouteResponse.ok(service.numberJson(x)));
                    }
                    String actor = request.actor();
                    DidNumber n = validator.forReplace(accountId, number.get(), request.jsonObject(Set.of()), actor);
                    return answer(() -> service.replaceNumber(n, actor), x -> RouteResponse.ok(service.numberJson(x)));
                }),
                new ModuleRoute(Method.DELETE, ONE, false, true, request -> {
                    String accountId = request.pathParam("id");
                    String given = request.pathParam("number");
                    Optional<String> number = validator.normalise(given);
                    String actor = request.actor();
                    return deleted(() -> service.deleteNumber(accountId, number, given, actor));
                }));
    }
}
