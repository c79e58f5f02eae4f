package io.callguard.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** JDBC URL handling: credentials out of URLs (so no driver, pool or Flyway log can print them), H2 defaults. */
final class JdbcUrls {
    static final String H2_PREFIX = "jdbc:h2:";
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    /** A URL without its {@code user}/{@code password} parameters, and what they held (null when absent). */
    record Credentials(String url, String user, String password) { }

    private JdbcUrls() { }

    static boolean isH2(String url) { return url.startsWith(H2_PREFIX); }

    /** Moves {@code user=} and {@code password=} parameters (H2 {@code ;KEY=v} or {@code ?k=v&...}) out of the URL. */
    static Credentials extractCredentials(String url) {
        String[] found = new String[2];
        String stripped = dropParameters(url,
                key -> key.equalsIgnoreCase("user") || key.equalsIgnoreCase("password"),
                (key, value) -> found[key.equalsIgnoreCase("user") ? 0 : 1] = value);
        return new Credentials(stripped, found[0], found[1]);
    }

    /** The URL as it may appear in a message or a log: no user, no password of any kind, no user-info. */
    static String redact(String url) {
        if (url == null) return "null";
        String noUserInfo = url.replaceFirst("//[^/?;@]*@", "//");
        return dropParameters(noUserInfo, key -> key.equalsIgnoreCase("user")
                || key.toLowerCase(Locale.ROOT).contains("password"), (k, v) -> { });
    }

    /** H2's page cache in KB when the URL does not set {@code CACHE_SIZE} (H2's own default is 64 MB). */
    static final int H2_CACHE_KB = 4096;

    /**
     * PostgreSQL-compatible SQL where it helps, unless the URL already chose a mode; {@code WRITE_DELAY=0} unless
     * the URL sets it: H2 otherwise flushes commits in the background (500 ms by default), so a crash right after a
     * 201/202 would lose what callguard has already confirmed (an accepted SMS, a lifted suspension); and a 4 MB page
     * cache unless the URL sets one: callguard keeps what decisions read in memory and mostly appends call records,
     * and H2's 64 MB cache of the pages it just wrote made every young collection copy them (measured: young pauses
     * of 18-22 ms against 11 ms, and a closed-loop p99 twice as long; testbed/README.md, "Garbage and the H2 cache").
     */
    static String withH2Defaults(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        String out = upper.contains(";MODE=") ? url : url + ";MODE=PostgreSQL";
        if (!upper.contains(";WRITE_DELAY=")) out += ";WRITE_DELAY=0";
        if (!upper.contains(";CACHE_SIZE=")) out += ";CACHE_SIZE=" + H2_CACHE_KB;
        return out;
    }

    /** The database file of an H2 file URL ({@code jdbc:h2:file:./data/cg} or {@code jdbc:h2:./data/cg}). */
    static Optional<Path> h2File(String url) {
        String target = url.substring(H2_PREFIX.length());
        int semicolon = target.indexOf(';');
        if (semicolon >= 0) target = target.substring(0, semicolon);
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")) return Optional.empty();
        if (lower.startsWith("file:")) target = target.substring("file:".length());
        if (target.startsWith("~")) target = System.getProperty("user.home") + target.substring(1);
        return target.isEmpty() ? Optional.empty() : Optional.of(Path.of(target).toAbsolutePath().normalize());
    }

    /** The first schema of a PostgreSQL URL's {@code currentSchema} parameter. */
    static Optional<String> postgresCurrentSchema(String url) {
        String[] found = new String[1];
        dropParameters(url, key -> key.equals("currentSchema"), (key, value) -> found[0] = value);
        if (found[0] == null || found[0].isBlank()) return Optional.empty();
        return Optional.of(found[0].split(",")[0].trim());
    }

    /** Removes matching {@code key=value} parameters from both the {@code ;}-settings and the {@code ?}-query. */
    private static String dropParameters(String url, Predicate<String> drop, BiConsumer<String, String> dropped) {
        int question = url.indexOf('?');
        String head = question < 0 ? url : url.substring(0, question);
        String[] settings = head.split(";", -1);
        StringBuilder out = new StringBuilder(settings[0]);
        for (int i = 1; i < settings.length; i++) {
            if (!dropped(settings[i], false, drop, dropped)) out.append(';').append(settings[i]);
        }
        if (question >= 0) {
            List<String> kept = new ArrayList<>();
            for (String parameter : url.substring(question + 1).split("&", -1)) {
                if (!dropped(parameter, true, drop, dropped)) kept.add(parameter);
            }
            if (!kept.isEmpty()) out.append('?').append(String.join("&", kept));
        }
        return out.toString();
    }

    /** @param urlEncoded query values are URL-encoded (pgjdbc decodes them); H2 settings are not */
    private static boolean dropped(String parameter, boolean urlEncoded, Predicate<String> drop,
                                   BiConsumer<String, String> dropped) {
        int equals = parameter.indexOf('=');
        String key = (equals < 0 ? parameter : parameter.substring(0, equals)).trim();
        if (!drop.test(key)) return false;
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        dropped.accept(key, urlEncoded ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
        return true;
    }
}
