package dev.rung.security.internal;

import dev.rung.web.DatabaseOutage;
import dev.rung.web.FilterProblems;
import dev.rung.web.ProblemType;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates {@code X-API-Key} (or {@code Authorization: Bearer}): its scopes become {@code
 * SCOPE_…} authorities, as a JWT's would.
 */
class ApiKeyAuthentication extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final JsonMapper json;

    ApiKeyAuthentication(ApiKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * The key from {@code X-API-Key}, or as {@code Authorization: Bearer <key>}, which every OpenAI
     * client sends.
     */
    private static String secret(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key;
        }
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7)
                : null;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = secret(request);
        if (secret != null && !secret.isBlank()) {
            Optional<ApiKeys.Key> authenticated;
            try {
                authenticated = keys.authenticate(secret.trim());
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                // The key could not be looked up: the request may well be allowed, so not a 401 but
                // a retry.
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(DatabaseOutage.RETRY_AFTER.toSeconds()));
                FilterProblems.write(
                        response,
                        json,
                        ProblemType.DATABASE_UNAVAILABLE,
                        "The API key could not be checked: the database is restarting or cannot be"
                                + " reached; send the request again after Retry-After seconds.",
                        Map.of());
                return;
            }
            authenticated.ifPresent(
                    key -> {
                        List<SimpleGrantedAuthority> scopes =
                                key.scopes().stream()
                                        .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope))
                                        .toList();
                        var authentication =
                                UsernamePasswordAuthenticationToken.authenticated(
                                        "api-key:" + key.name(), null, scopes);
                        SecurityContextHolder.getContext().setAuthentication(authentication);
                    });
        }
        chain.doFilter(request, response);
    }
}
