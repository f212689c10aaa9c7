package dev.rung.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The chart lints clean and renders the manifests an operator needs, with secure defaults. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/rung");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theChartLintsClean() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void theDefaultsRenderASecureDeploymentWithAutoscalingAndOneMigrationJob()
            throws java.io.IOException {
        Map<String, JsonNode> manifests =
                render(new Helm(CHART).template().withName("rung").call());

        assertThat(manifests)
                .containsKeys(
                        "Deployment",
                        "Service",
                        "ConfigMap",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget")
                .doesNotContainKey("ServiceMonitor");
        JsonNode pod = manifests.get("Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
                .isEqualTo("/actuator/health/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asString())
                .isEqualTo("/actuator/health/liveness");
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(container.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("resources").path("limits").path("memory").asString())
                .isEqualTo("768Mi");
        Map<String, JsonNode> env =
                container
                        .path("env")
                        .valueStream()
                        .collect(
                                Collectors.toMap(
                                        e -> e.path("name").asString(), Function.identity()));
        assertThat(
                        env.get("OPENAI_API_KEY")
                                .path("valueFrom")
                                .path("secretKeyRef")
                                .path("name")
                                .asString())
                .isEqualTo("rung-openai");
        assertThat(env.get("SPRING_DATASOURCE_PASSWORD").path("valueFrom").has("secretKeyRef"))
                .isTrue();
        assertThat(env.get("HUBSPOT_WEBHOOK_SECRETS").path("valueFrom").has("secretKeyRef"))
                .isTrue();
        assertThat(
                        env.get("HUBSPOT_PRIVATE_APP_TOKEN")
                                .path("valueFrom")
                                .path("secretKeyRef")
                                .path("name")
                                .asString())
                .isEqualTo("rung-deliveries");
        assertThat(env.get("SPRING_PROFILES_ACTIVE").path("value").asString()).isEqualTo("prod");
        assertThat(container.path("args").valueStream().map(JsonNode::asString))
                .contains("--spring.flyway.enabled=false");
        // helm template leaves hooks out; lint renders them, and the hook's own text says when it
        // runs.
        String job = java.nio.file.Files.readString(CHART.resolve("templates/migrations-job.yaml"));
        assertThat(job)
                .contains(
                        "helm.sh/hook: pre-install,pre-upgrade",
                        "--rung.migrate-and-exit=true",
                        "kind: Job");
        assertThat(
                        manifests
                                .get("ConfigMap")
                                .path("data")
                                .path("application-cluster.yml")
                                .asString())
                .contains("tier: 1");
    }

    @Test
    void aTeamsOwnWorkflowsShipAsDefinitionsInTheConfigMap() {
        Map<String, JsonNode> manifests =
                render(
                        new Helm(CHART)
                                .template()
                                .withName("rung")
                                .set("taskTypes.churn-signal\\.yaml", "slug: churn-signal")
                                .call());

        assertThat(
                        manifests
                                .get("ConfigMap")
                                .path("data")
                                .path("task-type-churn-signal.yaml")
                                .asString())
                .isEqualTo("slug: churn-signal\n");
        JsonNode container =
                manifests
                        .get("Deployment")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0);
        assertThat(container.path("args").valueStream().map(JsonNode::asString))
                .contains(
                        "--rung.task-types.locations=classpath*:task-types/*.yaml,file:/config/task-type-*.yaml");
    }

    @Test
    void aServiceMonitorCanBeSwitchedOn() {
        Map<String, JsonNode> manifests =
                render(
                        new Helm(CHART)
                                .template()
                                .withName("rung")
                                .set("serviceMonitor.enabled", "true")
                                .set("autoscaling.enabled", "false")
                                .call());

        assertThat(
                        manifests
                                .get("ServiceMonitor")
                                .path("spec")
                                .path("endpoints")
                                .get(0)
                                .path("path")
                                .asString())
                .isEqualTo("/actuator/prometheus");
        assertThat(manifests).doesNotContainKey("HorizontalPodAutoscaler");
        assertThat(manifests.get("Deployment").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void theGrafanaDashboardShipsWithTheChartAndReadsRungsMetrics() throws java.io.IOException {
        String rendered = new Helm(CHART).template().withName("rung").call();
        JsonNode dashboard =
                new tools.jackson.databind.json.JsonMapper()
                        .readTree(
                                java.nio.file.Files.readString(
                                        CHART.resolve("dashboards/rung.json")));

        assertThat(rendered).contains("grafana_dashboard: \"1\"", "\"uid\": \"rung-overview\"");
        List<String> expressions =
                dashboard
                        .path("panels")
                        .valueStream()
                        .flatMap(panel -> panel.path("targets").valueStream())
                        .map(target -> target.path("expr").asString())
                        .toList();
        assertThat(expressions)
                .hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(
                        expr -> assertThat(expr).containsPattern("(rung|resilience4j)_[a-z_]+"));
    }

    private static Map<String, JsonNode> render(String yaml) {
        List<JsonNode> documents =
                YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll();
        return documents.stream()
                .filter(d -> d != null && d.has("kind"))
                .collect(
                        Collectors.toMap(
                                d -> d.path("kind").asString(), Function.identity(), (a, b) -> a));
    }
}
