package io.callguard.records.retention;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;

import java.util.Optional;

/**
 * {@code POST /admin/v1/records/purge?dryRun=true|false}: one purge of this node's chain now ({@link RecordPurge});
 * with {@code dryRun=true} (the default is false) only what would go. Answers the outcome; 409 when the chain is
 * broken (nothing purged). Blocking (it verifies and walks the chain).
 */
public final class PurgeRoute {
    public static final String PATH = "/admin/v1/records/purge";

    private PurgeRoute() { }

    public static ModuleRoute of(RecordPurge purge) {
        return new ModuleRoute(ModuleRoute.Method.POST, PATH, false, true, request -> {
            boolean dryRun = dryRun(request.query("dryRun"));
            try {
                return RouteResponse.ok(purge.run(request.actor(), dryRun).json());
            } catch (RecordPurge.BrokenChainException e) {
                return RouteResponse.conflict(e.getMessage());
            }
        });
    }

    private static boolean dryRun(Optional<String> text) {
        if (text.isEmpty()) return false;
        String t = text.get().trim();
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw RouteResponse.InvalidFields.of("dryRun", "must be true or false, got '" + t + "'");
    }
}
