package dev.rung.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.client.ApiClient;
import dev.rung.client.ApiException;
import dev.rung.client.api.ExperimentsApi;
import dev.rung.client.api.TasksApi;
import dev.rung.client.model.ArmMetrics;
import dev.rung.client.model.CreateExperiment;
import dev.rung.client.model.Experiment;
import dev.rung.client.model.Readout;
import dev.rung.client.model.Task;
import dev.rung.client.model.TaskSubmission;
import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

/**
 * A Java client generated from {@code openapi.yaml} by openapi-generator (in the build, for tests
 * only) compiles and drives the service: a task, an experiment and its readout, typed all the way.
 * A contract a generator cannot use, or that does not match what the service sends, fails here.
 */
class ContractClientTest extends IntegrationTest {

    @Test
    void aClientGeneratedFromTheContractRunsTasksInAnExperimentAndReadsItOut() throws ApiException {
        simulatorFaults(Map.of());
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setRequestInterceptor(request -> request.header("X-API-Key", DEV_KEY));
        TasksApi tasks = new TasksApi(client);
        ExperimentsApi experiments = new ExperimentsApi(client);

        Experiment experiment =
                experiments.create(
                        new CreateExperiment()
                                .name("generated-client")
                                .taskType("lead-classification")
                                .controlPolicy("mini-only")
                                .treatmentPolicy("nano-first"));
        experiments.start2(experiment.getId(), null);
        try {
            String batch = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 10; i++) {
                Task task =
                        tasks.submitTask(
                                "lead-classification",
                                new TaskSubmission()
                                        .subjectId(batch + "-" + i)
                                        .input(
                                                Map.of(
                                                        "email",
                                                        "buyer" + i + "@acme.io",
                                                        "company",
                                                        "Acme",
                                                        "companySize",
                                                        40 + i,
                                                        "message",
                                                        "Can we get pricing for 40 seats?")),
                                null,
                                null,
                                null,
                                null,
                                null);
                assertThat(task.getStatus()).isEqualTo(Task.StatusEnum.SUCCEEDED);
                assertThat(tasks.get(task.getTaskId()).getAttempts()).isNotEmpty();
            }

            Readout readout = experiments.experimentReadout(experiment.getId(), null, null);

            assertThat(readout.getArms())
                    .extracting(ArmMetrics::getArm)
                    .containsExactly("control", "treatment");
            assertThat(readout.getArms().stream().mapToLong(ArmMetrics::getTasks).sum())
                    .isEqualTo(10);
        } finally {
            experiments.stop(experiment.getId(), null);
        }
    }
}
