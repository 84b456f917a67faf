package io.sosae.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FlinkRestTest {

    @Test
    void anErrorAnswerIsReducedToItsInnermostCause() throws Exception {
        var errors = new ObjectMapper()
                .readTree(
                        "[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\\n"
                                + "\\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda(JarRunHandler.java:114)\\n"
                                + "Caused by: org.apache.flink.util.FlinkRuntimeException: Could not execute application.\\n"
                                + "Caused by: java.lang.IllegalArgumentException: --bootstrap is required: Kafka bootstrap servers.\\n"
                                + "\\tat io.sosae.jobs.job.JobOptions.required(JobOptions.java:103)\\n\"]");
        assertThat(FlinkRest.rootCause(errors))
                .isEqualTo("java.lang.IllegalArgumentException: --bootstrap is required: Kafka bootstrap servers.");
        var plain = new ObjectMapper().readTree("[\"Not found: /jars\"]");
        assertThat(FlinkRest.rootCause(plain)).isEqualTo("[\"Not found: /jars\"]");
    }
}
