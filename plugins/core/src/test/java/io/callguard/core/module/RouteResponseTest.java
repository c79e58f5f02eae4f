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
}
