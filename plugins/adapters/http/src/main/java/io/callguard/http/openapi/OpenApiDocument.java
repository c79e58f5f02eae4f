package io.callguard.http.openapi;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The OpenAPI 3.1 document of one API ({@code admin} or {@code cti}) as a listener serves it: the adapter's own
 * document ({@code io/callguard/http/openapi/<api>.yaml}: info, security, the shared components, the built-in routes)
 * merged with the {@code <api>} section of each rule module's fragment, a resource {@code openapi.yaml} in the package
 * of the module's {@link RuleModule} class ({@code io/callguard/caps/openapi.yaml}). A fragment's operation is kept
 * only when the listener mounts that module route (a module not started, the cti module without its listener:
 * its routes are not in the document); {@link #dropped} names those missing from a module that mounts others. Two sources defining the same operation,
 * or the same component differently, fail the build naming both.
 *
 * <p>A fragment: {@code admin: {paths: {...}, components: {schemas: {...}, ...}}} and/or {@code cti: {...}}; its
 * {@code $ref}s point into the merged document ({@code #/components/schemas/Problem} is the adapter's).
 */
public final class OpenApiDocument {
    /** The admin API. */
    public static final String ADMIN = "admin";
    /** The CTI API. */
    public static final String CTI = "cti";
    /** Where the adapter's own documents live on the classpath. */
    public static final String BASE_DIR = "io/callguard/http/openapi/";
    /** A module's fragment: this name in the package of its {@link RuleModule} class. */
    public static final String FRAGMENT = "openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final String api;
    private final JsonObject document;
    private final List<String> dropped;
    private final String encoded;

    private OpenApiDocument(String api, JsonObject document, List<String> dropped) {
        this.api = api;
        this.document = document;
        this.dropped = List.copyOf(dropped);
        this.encoded = document.encode();
    }

    /** {@code /admin/v1/openapi.json} or {@code /cti/v1/openapi.json}. */
    public static String servedAt(String api) { return "/" + api + "/v1/openapi.json"; }

    /**
     * The document of {@code api}: the adapter's plus the fragments of every rule module on the classpath, each of
     * their operations kept when {@code moduleRoutes} holds it.
     */
    public static OpenApiDocument build(String api, List<ModuleRoute> moduleRoutes) {
        return build(api, moduleRoutes, moduleFragments());
    }

    /** As {@link #build(String, List)} with the given fragments (name → resource), for tests. */
    public static OpenApiDocument build(String api, List<ModuleRoute> moduleRoutes, Map<String, URL> fragments) {
        String baseName = BASE_DIR + api + ".yaml";
        URL base = OpenApiDocument.class.getClassLoader().getResource(baseName);
        if (base == null) throw new IllegalStateException("no OpenAPI document " + baseName + " on the classpath");
        JsonObject doc = load(base).copy(); // merged into: the cached one stays as read
        Map<String, String> owners = new LinkedHashMap<>(); // "GET /x" -> source
        operations(doc).forEach(op -> owners.put(op, baseName));
        Set<String> mounted = new LinkedHashSet<>();
        moduleRoutes.forEach(r -> mounted.add(r.method().name() + " " + r.path()));
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, URL> fragment : fragments.entrySet()) {
            JsonObject section = load(fragment.getValue()).getJsonObject(api);
            if (section == null) continue;
            List<String> unmounted = new ArrayList<>();
            int kept = 0;
            mergeComponents(doc, section.getJsonObject("components", new JsonObject()), fragment.getKey());
            JsonObject paths = section.getJsonObject("paths", new JsonObject());
            for (String path : paths.fieldNames()) {
                JsonObject item = paths.getJsonObject(path);
                JsonObject target = doc.getJsonObject("paths").getJsonObject(path);
                for (String key : item.fieldNames()) {
                    if (!METHODS.contains(key)) {
                        if (target == null) continue;
                        target.put(key, item.getValue(key)); // shared parameters, summary
                        continue;
                    }
                    String op = key.toUpperCase(Locale.ROOT) + " " + path;
                    if (!mounted.contains(op)) {
                        unmounted.add(op + " (" + fragment.getKey() + ")");
                        continue;
                    }
                    kept++;
                    String owner = owners.putIfAbsent(op, fragment.getKey());
                    if (owner != null) {
                        throw new IllegalStateException("OpenAPI: " + op + " is documented twice, in " + owner + " and "
                                + fragment.getKey());
                    }
                    if (target == null) {
                        target = new JsonObject();
                        doc.getJsonObject("paths").put(path, target);
                        for (String k : item.fieldNames()) if (!METHODS.contains(k)) target.put(k, item.getValue(k));
                    }
                    target.put(key, item.getValue(key));
                }
            }
            // a module not started mounts none of its routes: its fragment is simply left out
            if (kept > 0) dropped.addAll(unmounted);
        }
        return new OpenApiDocument(api, doc, dropped);
    }

    /**
     * This document without the operations {@code ops} ({@code "GET /metrics"}), for a built-in route the listener
     * mounts only when a setting turns it on; a path left without an operation goes too.
     */
    public OpenApiDocument without(Collection<String> ops) {
        JsonObject doc = document.copy();
        JsonObject paths = doc.getJsonObject("paths", new JsonObject());
        for (String op : ops) {
            int space = op.indexOf(' ');
            String path = op.substring(space + 1);
            JsonObject item = paths.getJsonObject(path);
            if (item == null) continue;
            item.remove(op.substring(0, space).toLowerCase(Locale.ROOT));
            if (item.fieldNames().stream().noneMatch(METHODS::contains)) paths.remove(path);
        }
        return new OpenApiDocument(api, doc, dropped);
    }

    /** The API this document describes. */
    public String api() { return api; }

    /** The document (do not change it). */
    public JsonObject json() { return document; }

    /** The document as served. */
    public String encoded() { return encoded; }

    /** Every documented operation, {@code "GET /admin/v1/accounts/{id}"}. */
    public List<String> operations() { return operations(document); }

    /**
     * The operations of a fragment left out while others of the same fragment are in: its module runs but does not
     * mount them (documented, not served), each with its fragment. A fragment none of whose operations is mounted
     * (its module not started) is left out without a word.
     */
    public List<String> dropped() { return dropped; }

    private static List<String> operations(JsonObject doc) {
        List<String> out = new ArrayList<>();
        JsonObject paths = doc.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            for (String key : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(key)) out.add(key.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return out;
    }

    /**
     * The rule modules' fragments on the classpath: for each {@link RuleModule} the ServiceLoader lists (not
     * instantiated), {@code openapi.yaml} in its class's package, named by that resource path.
     */
    public static Map<String, URL> moduleFragments() {
        Map<String, URL> out = new LinkedHashMap<>();
        ServiceLoader.load(RuleModule.class).stream().map(ServiceLoader.Provider::type).forEach(type -> {
            String name = fragmentOf(type);
            URL url = type.getClassLoader() == null ? null : type.getClassLoader().getResource(name);
            if (url != null) out.putIfAbsent(name, url);
        });
        return out;
    }

    /** The resource path of {@code moduleType}'s fragment: {@code io/callguard/caps/openapi.yaml}. */
    public static String fragmentOf(Class<?> moduleType) {
        return moduleType.getPackageName().replace('.', '/') + "/" + FRAGMENT;
    }

    private static void mergeComponents(JsonObject doc, JsonObject components, String source) {
        JsonObject into = doc.getJsonObject("components");
        if (into == null) {
            into = new JsonObject();
            doc.put("components", into);
        }
        for (String kind : components.fieldNames()) {
            JsonObject from = components.getJsonObject(kind);
            JsonObject target = into.getJsonObject(kind);
            if (target == null) {
                target = new JsonObject();
                into.put(kind, target);
            }
            for (String name : from.fieldNames()) {
                Object existing = target.getValue(name);
                Object value = from.getValue(name);
                if (existing != null && !existing.equals(value)) {
                    throw new IllegalStateException("OpenAPI: components." + kind + "." + name + " of " + source
                            + " differs from the one already defined; rename it");
                }
                target.put(name, value);
            }
        }
    }

    /** Each resource as read once (a JVM starting callguard twice, the tests, parses it once); never changed. */
    private static final Map<String, JsonObject> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A YAML resource as JSON (keys as strings: YAML reads {@code 200:} as a number), parsed once. */
    static JsonObject load(URL url) {
        return LOADED.computeIfAbsent(url.toString(), u -> parse(url));
    }

    private static JsonObject parse(URL url) {
        try (InputStream in = url.openStream()) {
            Object value = new Load(LoadSettings.builder().setLabel(url.toString()).build()).loadFromInputStream(in);
            if (!(value instanceof Map<?, ?>)) throw new IllegalStateException(url + ": not a YAML mapping");
            return (JsonObject) json(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    private static Object json(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject out = new JsonObject();
            map.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            JsonArray out = new JsonArray();
            list.forEach(v -> out.add(json(v)));
            return out;
        }
        return value;
    }
}
