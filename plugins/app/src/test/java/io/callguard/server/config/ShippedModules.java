package io.callguard.server.config;

import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;

import java.net.URL;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule modules the jar ships, as the docs checks see them: every module found, less those compiled with these
 * tests (the toy family of {@code io.callguard.server.toy}), which no operator runs and no page documents.
 */
final class ShippedModules {
    private ShippedModules() { }

    static List<RuleModule> all() {
        return RuleModules.discover().all().stream().filter(m -> !testOnly(m)).toList();
    }

    /** Keys declared by the modules compiled with the tests: left out of the README and example checks. */
    static Set<String> testOnlyKeys() {
        Set<String> keys = new TreeSet<>();
        RuleModules.discover().all().stream().filter(ShippedModules::testOnly)
                .forEach(m -> m.options().forEach(o -> keys.add(o.path())));
        return keys;
    }

    /** Names of the modules compiled with the tests. */
    static Set<String> testOnlyNames() {
        Set<String> names = new TreeSet<>();
        RuleModules.discover().all().stream().filter(ShippedModules::testOnly).forEach(m -> names.add(m.name()));
        return names;
    }

    private static boolean testOnly(RuleModule m) {
        return Objects.equals(location(m.getClass()), location(ShippedModules.class));
    }

    private static URL location(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
