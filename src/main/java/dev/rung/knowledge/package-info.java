/**
 * Knowledge sources: a team's own documents, loaded over REST, versioned with an effective date,
 * split into passages with stable ids and searched with PostgreSQL's full-text search (a language
 * configuration per source), so it works on the embedded database with nothing installed. {@link
 * dev.rung.knowledge.KnowledgeBase} is what other modules search; {@link
 * dev.rung.knowledge.SourceUse} records which passages each task was given and cited.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Knowledge sources",
        allowedDependencies = {"task", "web"})
package dev.rung.knowledge;
