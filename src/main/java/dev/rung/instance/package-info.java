/**
 * This running instance of Rung: its id (new at every start) and its name (stable across restarts).
 * Modules that hold something in the database on this instance's behalf stamp it with the id, so
 * that what a stopped instance held can be found and given back.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Instance",
        allowedDependencies = {})
package dev.rung.instance;
