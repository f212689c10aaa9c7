@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package example.modules.simulator;
