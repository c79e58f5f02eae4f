package io.callguard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Lua script of {@code lua/}, with the shared functions it needs prepended, and its SHA-1 (what EVALSHA names:
 * computed here, so no SCRIPT LOAD round trip is needed before the first call).
 */
record RedisScript(String name, String text, String sha) {
    /** Every script loaded in this JVM, for {@link RedisStateClient#preload}. */
    private static final List<RedisScript> ALL = new CopyOnWriteArrayList<>();

    static RedisScript load(String name, String... libs) {
        StringBuilder text = new StringBuilder();
        for (String lib : libs) text.append(read(lib)).append('\n');
        text.append(read(name));
        String body = text.toString();
        RedisScript script = new RedisScript(name, body, sha1(body));
        ALL.add(script);
        return script;
    }

    static List<RedisScript> all() { return List.copyOf(ALL); }

    private static String read(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing script resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
