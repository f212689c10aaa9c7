package example.modules;

/**
 * The root of a two-module application that breaks a rule the way Rung once did: its simulator,
 * allowed no dependencies, imports the gateway's token counter. {@code dev.rung.ModularityTest}
 * checks that verification fails.
 */
@org.springframework.modulith.Modulith
public final class ModuleFixture {

    private ModuleFixture() {}
}
