/**
 * The readout dashboard at {@code /dashboard}: static pages (under {@code static/dashboard}) that
 * draw the experiments' readouts and the spend with ECharts, served from the application's own
 * WebJar, never a CDN. The pages hold no data: they call the API with the reader's {@code
 * readouts:read} key.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Dashboard",
        allowedDependencies = {})
package dev.rung.dashboard;
