/**
 * A local PostgreSQL for development and tests: when no {@code spring.datasource.url} is
 * configured, Rung starts PostgreSQL from embedded binaries before anything else, with its data in
 * {@code .rung/postgres} (kept between runs) or, for tests, in a throw-away folder. With a
 * datasource URL set, nothing starts.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Local database",
        allowedDependencies = {})
package dev.rung.localdb;
