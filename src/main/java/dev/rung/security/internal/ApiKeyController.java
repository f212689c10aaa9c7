package dev.rung.security.internal;

import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates (shown once), lists and revokes API keys. Needs the {@code admin} scope. */
@RestController
@RequestMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "Keys for REST callers, with scopes")
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    record NewKey(
            @NotBlank @Size(max = 100) String name, @NotEmpty List<@NotBlank String> scopes) {}

    record CreatedKey(UUID id, String name, List<String> scopes, String key) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a key; the key itself is in this response only")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "201",
            description = "Created")
    ResponseEntity<CreatedKey> create(@Valid @RequestBody NewKey request) {
        if (!ApiKeys.SCOPES.containsAll(request.scopes())) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "Known scopes: " + ApiKeys.SCOPES,
                    Map.of(
                            "errors",
                            List.of(
                                    Map.of(
                                            "field",
                                            "scopes",
                                            "message",
                                            "contains an unknown scope"))));
        }
        var created = keys.create(request.name(), request.scopes());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(
                        new CreatedKey(
                                created.key().id(),
                                created.key().name(),
                                created.key().scopes(),
                                created.secret()));
    }

    @GetMapping
    @Operation(summary = "All keys, without their secrets")
    List<ApiKeys.Key> list() {
        return keys.list();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a key (effective within 30 seconds)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "204",
            description = "Revoked")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No such key",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/problem+json",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            implementation =
                                                    org.springframework.http.ProblemDetail.class)))
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        if (!keys.revoke(id)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No API key has id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }
}
