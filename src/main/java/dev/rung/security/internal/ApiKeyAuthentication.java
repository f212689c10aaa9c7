package dev.rung.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code X-API-Key}: its scopes become {@code SCOPE_…} authorities, as a JWT's would. */
class ApiKeyAuthentication extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;

    ApiKeyAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader(HEADER);
        if (secret != null && !secret.isBlank()) {
            keys.authenticate(secret.trim()).ifPresent(key -> {
                List<SimpleGrantedAuthority> scopes = key.scopes().stream().map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList();
                var authentication = UsernamePasswordAuthenticationToken.authenticated("api-key:" + key.name(), null, scopes);
                SecurityContextHolder.getContext().setAuthentication(authentication);
            });
        }
        chain.doFilter(request, response);
    }
}
