/**
 * Personal data: e-mail addresses and phone numbers never reach the logs, raw inputs and outputs
 * are purged after a retention period, and a subject can be erased on request (GDPR) while the
 * anonymous numbers that readouts need remain.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Privacy",
        allowedDependencies = {})
package dev.rung.privacy;
