package dev.rung.routers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import dev.rung.support.LeadMix;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The README's {@code tools/leads.sh} serves the same four kinds of lead the tests serve. */
class LeadsScriptTest extends IntegrationTest {

    @Test
    void theScriptServesTheLeadMix() throws IOException, InterruptedException {
        String prefix = "script-" + UUID.randomUUID().toString().substring(0, 8);
        var script =
                new ProcessBuilder("bash", "tools/leads.sh", "0", "10", prefix)
                        .redirectErrorStream(true);
        script.environment().put("RUNG_URL", "http://localhost:" + port);
        script.environment().put("RUNG_API_KEY", DEV_KEY);
        var process = script.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.trim()).isEqualTo("10 200");

        Map<String, JsonNode> inputs = new java.util.HashMap<>();
        jdbc.sql("select subject_id, input::text from task where subject_id like ?")
                .param(prefix + "-%")
                .query((rs, row) -> inputs.put(rs.getString(1), json.readTree(rs.getString(2))))
                .list();
        assertThat(inputs).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(inputs.get(prefix + "-" + i))
                    .as("lead %d", i)
                    .isEqualTo(json.readTree(LeadMix.lead(prefix, i)).path("lead"));
        }
    }
}
