package io.callguard.directory;

import io.callguard.core.module.RouteResponse;

import java.util.concurrent.Callable;
import java.util.function.Function;

/** Runs a directory call for a route, turning its refusals into the problems they mean (404, 409). */
final class DirectoryAnswers {
    private DirectoryAnswers() { }

    static <T> RouteResponse answer(Callable<T> work, Function<T, RouteResponse> ok) throws Exception {
        T result;
        try {
            result = work.call();
        } catch (DirectoryRefusal r) {
            return r.isNotFound() ? RouteResponse.notFound(r.getMessage()) : RouteResponse.conflict(r.getMessage());
        }
        return ok.apply(result);
    }

    /** 204 once the deletion is done. */
    static RouteResponse deleted(Runnable work) throws Exception {
        return answer(() -> {
            work.run();
            return null;
        }, ignored -> RouteResponse.noContent());
    }
}
