package io.callguard.http.admin;

import io.callguard.http.ControlCharacters;
import io.callguard.http.FieldError;
import io.callguard.http.Problem;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Who makes an admin change: the optional {@code X-Callguard-Actor} request header, the back office's name for its
 * user (1 to 200 printable characters, UTF-8), else {@value #DEFAULT}. Recorded in suspensions and the audit trail;
 * the bearer token is never used for it. The header is a claim of the back office, which holds the admin token.
 */
final class Actor {
    static final String HEADER = "X-Callguard-Actor";
    static final String DEFAULT = "admin";
    static final int MAX_LENGTH = 200;

    private Actor() { }

    /**
     * @throws ProblemException 400 naming the header when it is blank, too long or holds control characters (those
     *                          the HTTP parser lets through: tab, C1; it refuses the others itself, see
     *                          {@link io.callguard.http.InvalidRequests})
     */
    static String of(RoutingContext ctx) {
        String raw = ctx.request().getHeader(HEADER);
        if (raw == null) return DEFAULT;
        String actor = utf8(raw).trim();
        Optional<String> control = ControlCharacters.problem(actor, false);
        if (actor.isEmpty() || actor.length() > MAX_LENGTH || control.isPresent()) {
            throw Problem.validation(List.of(new FieldError(HEADER, control.orElse("must be 1 to " + MAX_LENGTH
                    + " printable characters (the back office's user name), got " + actor.length()
                    + " characters")))).exception();
        }
        return actor;
    }

    /** HTTP/1.1 header bytes arrive one char each: read them again as UTF-8 when they are (José, not JosÃ©). */
    private static String utf8(String headerValue) {
        for (int i = 0; i < headerValue.length(); i++) {
            if (headerValue.charAt(i) > 0xFF) return headerValue;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerValue.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return headerValue;
        }
    }
}
