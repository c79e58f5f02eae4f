package io.callguard.core.module;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A route's answer with headers, and the validation problem a route throws. */
class RouteResponseTest {
    @Test
    void aCreatedResourceSaysWhereItLives() {
        RouteResponse created = RouteResponse.created("/admin/v1/toys/t-1", Map.of("id", "t-1"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsExactly(Map.entry("Location", "/admin/v1/toys/t-1"));
        assertThat(created.problem()).isFalse();
        assertThat(RouteResponse.ok(List.of()).headers()).as("none unless given").isEmpty();
    }

    @Test
    void invalidFieldsNameEachFieldAndSumUpInTheirMessage() {
        RouteResponse.InvalidFields one = RouteResponse.InvalidFields.of("note", "is required");
        assertThat(one.getMessage()).isEqualTo("note: is required");
        RouteResponse.InvalidFields two = new RouteResponse.InvalidFields(List.of(
                new RouteResponse.InvalidFields.FieldError("a", "x"), new RouteResponse.InvalidFields.FieldError("b", "y")));
        assertThat(two.getMessage()).isEqualTo("2 fields are invalid");
        assertThat(two.errors()).extracting(RouteResponse.InvalidFields.FieldError::field).containsExactly("a", "b");
        assertThatThrownBy(() -> new RouteResponse.InvalidFields(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProblemOfItsOwnKindKeepsItsMembersInOrderAndMayNameAField() {
        Map<String, Object> members = new java.util.LinkedHashMap<>();
        members.put("window", "1/s");
        members.put("retryAfterSeconds", 1L);
        RouteResponse limited = RouteResponse.problem(429, "sms-rate-limit", "SMS limit reached", "wait",
                members, Map.of("Retry-After", "1"));
        assertThat(limited.problem()).isTrue();
        assertThat(limited.kind().members().keySet()).containsExactly("window", "retryAfterSeconds");
        assertThat(limited.headers()).containsEntry("Retry-After", "1");

        RouteResponse notYours = RouteResponse.fieldProblem(403, "not-your-number", "Not the account's number", "from",
                "'x' is not one of the account's numbers");
        assertThat(notYours.detail()).isEqualTo("from: 'x' is not one of the account's numbers");
        assertThat(notYours.kind().errors()).extracting(RouteResponse.InvalidFields.FieldError::field).containsExactly("from");
        assertThatThrownBy(() -> new RouteResponse(200, Map.of(), null, Map.of(),
                new RouteResponse.ProblemKind("k", "t", List.of(), Map.of())))
                .as("a kind without a problem").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLaterAnswerIsAwaitedByHandleAndHandedOverByAnswer() throws Exception {
        java.util.concurrent.CompletableFuture<RouteResponse> later = new java.util.concurrent.CompletableFuture<>();
        ModuleRoute.Handler handler = ModuleRoute.Handler.later(request -> later);
        assertThat(handler.answer(null)).isSameAs(later);
        later.complete(RouteResponse.noContent());
        assertThat(handler.handle(null).status()).isEqualTo(204);

        ModuleRoute.Handler failing = request -> { throw new IllegalStateException("boom"); };
        assertThat(failing.answer(null).toCompletableFuture()).isCompletedExceptionally();
    }
}
