package dev.rung.security.internal;

import dev.rung.web.FilterProblems;
import dev.rung.web.OpenAiErrors;
import dev.rung.web.ProblemType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Which scope each endpoint needs. Webhooks authenticate by signature, the simulator's endpoints
 * (its chat completions and the truths behind them) are the provider itself, health and metrics are
 * for the platform; everything else needs an API key with the scope.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /**
     * The dashboard loads only its own scripts and talks only to Rung; ECharts sets inline styles
     * on its canvas.
     */
    static final String DASHBOARD_POLICY =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
                + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeys keys, JsonMapper json) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .headers(
                        headers ->
                                headers.addHeaderWriter(
                                        new DelegatingRequestMatcherHeaderWriter(
                                                PathPatternRequestMatcher.withDefaults()
                                                        .matcher("/dashboard/**"),
                                                new StaticHeadersWriter(
                                                        "Content-Security-Policy",
                                                        DASHBOARD_POLICY))))
                .sessionManagement(
                        session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A stateless API: no logout, no saved requests to replay after a login, no servlet
                // API wrapping.
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .servletApi(servletApi -> servletApi.disable())
                .addFilterBefore(
                        new ApiKeyAuthentication(keys, json), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers("/v1/webhooks/**", "/simulator/v1/**")
                                        .permitAll()
                                        .requestMatchers(
                                                "/actuator/health/**",
                                                "/actuator/prometheus",
                                                "/actuator/info")
                                        .permitAll()
                                        .requestMatchers(
                                                "/v3/api-docs/**",
                                                "/swagger-ui/**",
                                                "/swagger-ui.html",
                                                "/error")
                                        .permitAll()
                                        // The dashboard's pages and chart library are public; its
                                        // data needs a readouts:read key.
                                        .requestMatchers(
                                                HttpMethod.GET,
                                                "/dashboard",
                                                "/dashboard/**",
                                                "/webjars/**")
                                        .permitAll()
                                        .requestMatchers(HttpMethod.POST, "/v1/tasks/*/feedback")
                                        .hasAuthority("SCOPE_feedback:write")
                                        .requestMatchers("/v1/reviews/**")
                                        .hasAuthority("SCOPE_feedback:write")
                                        .requestMatchers(HttpMethod.POST, "/v1/tasks/**")
                                        .hasAuthority("SCOPE_tasks:write")
                                        // The OpenAI-compatible front door runs tasks.
                                        .requestMatchers(
                                                HttpMethod.POST, OpenAiErrors.CHAT_COMPLETIONS)
                                        .hasAuthority("SCOPE_tasks:write")
                                        // A bulk job is many tasks: sent and read as tasks are.
                                        .requestMatchers(HttpMethod.POST, "/v1/jobs", "/v1/jobs/**")
                                        .hasAuthority("SCOPE_tasks:write")
                                        // Progress is on the dashboard too, read with
                                        // readouts:read.
                                        .requestMatchers(HttpMethod.GET, "/v1/jobs", "/v1/jobs/**")
                                        .hasAnyAuthority("SCOPE_tasks:read", "SCOPE_readouts:read")
                                        // A report on answers, like a readout.
                                        .requestMatchers(
                                                HttpMethod.GET, "/v1/task-types/*/check-quality")
                                        .hasAuthority("SCOPE_readouts:read")
                                        // Whoever sends or reads tasks may read the task types'
                                        // schemas; only admins change them.
                                        .requestMatchers(
                                                HttpMethod.GET,
                                                "/v1/task-types",
                                                "/v1/task-types/**")
                                        .hasAnyAuthority(
                                                "SCOPE_tasks:write",
                                                "SCOPE_tasks:read",
                                                "SCOPE_task-types:admin")
                                        .requestMatchers("/v1/task-types", "/v1/task-types/**")
                                        .hasAuthority("SCOPE_task-types:admin")
                                        // Knowledge sources are part of a workflow's set-up: read
                                        // like task types, changed by the same admins.
                                        .requestMatchers(HttpMethod.GET, "/v1/knowledge/**")
                                        .hasAnyAuthority(
                                                "SCOPE_tasks:write",
                                                "SCOPE_tasks:read",
                                                "SCOPE_task-types:admin")
                                        .requestMatchers("/v1/knowledge/**")
                                        .hasAuthority("SCOPE_task-types:admin")
                                        .requestMatchers(HttpMethod.GET, "/v1/tasks/**")
                                        .hasAuthority("SCOPE_tasks:read")
                                        .requestMatchers(
                                                HttpMethod.GET,
                                                "/v1/replays",
                                                "/v1/replays/**",
                                                "/v1/routers",
                                                "/v1/routers/**",
                                                "/v1/experiments/**",
                                                "/v1/budgets/**",
                                                "/v1/spend/**")
                                        .hasAuthority("SCOPE_readouts:read")
                                        .requestMatchers(
                                                "/v1/experiments/**",
                                                "/v1/replays",
                                                "/v1/replays/**",
                                                "/v1/routers",
                                                "/v1/routers/**")
                                        .hasAuthority("SCOPE_experiments:admin")
                                        .requestMatchers(
                                                "/v1/api-keys/**",
                                                "/v1/subjects/**",
                                                "/v1/admin/**",
                                                "/v1/deliveries/**")
                                        .hasAuthority("SCOPE_admin")
                                        .anyRequest()
                                        .authenticated())
                .exceptionHandling(
                        errors ->
                                errors.authenticationEntryPoint(
                                                (request, response, e) ->
                                                        FilterProblems.write(
                                                                request,
                                                                response,
                                                                json,
                                                                ProblemType.UNAUTHORIZED,
                                                                "Send an API key with the X-API-Key"
                                                                    + " header (or as"
                                                                    + " Authorization: Bearer).",
                                                                Map.of()))
                                        .accessDeniedHandler(
                                                (request, response, e) ->
                                                        FilterProblems.write(
                                                                request,
                                                                response,
                                                                json,
                                                                ProblemType.FORBIDDEN,
                                                                "The API key lacks the scope this"
                                                                        + " endpoint needs.",
                                                                Map.of())))
                .build();
    }

    /**
     * No observation per security filter, authentication and authorization: each request is already
     * one observed span, and a wrapper around each of a dozen filters costs more than it tells.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * A URL the firewall refuses (encoded dots, double slashes...) is a bad request, answered as
     * one.
     */
    @Bean
    RequestRejectedHandler rejectedRequests(JsonMapper json) {
        return (request, response, e) ->
                FilterProblems.write(
                        response,
                        json,
                        ProblemType.INVALID_REQUEST,
                        "The URL is not acceptable.",
                        Map.of());
    }
}
