/**
 * HTTP plumbing every module shares: the one registry of problem types ({@link
 * dev.rung.web.ProblemType}) and the exception that carries them, the handler that turns every
 * refusal into {@code application/problem+json}, strict JSON reading, Jetty's connection settings
 * and error pages, and the API documentation. It depends on no other module: it also says which
 * errors mean the database is unreachable ({@link dev.rung.web.DatabaseOutage}).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Web",
        allowedDependencies = {})
package dev.rung.web;
