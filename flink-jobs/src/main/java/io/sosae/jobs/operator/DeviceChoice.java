package io.sosae.jobs.operator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Which device a subtask's models use. When the cluster gives TaskManagers the external resource
 * {@value #RESOURCE} (Flink's GPU driver: {@code external-resources: gpu} with its discovery
 * script), a subtask configured {@code auto} or {@code gpu} takes one of the indexes Flink
 * assigned, spread over the subtasks by subtask index; an explicit {@code cpu} or {@code gpu:N}
 * wins. Without the resource the configured device is used as it is.
 */
final class DeviceChoice {
    static final String RESOURCE = "gpu";
    private static final String INDEX = "index";

    private DeviceChoice() {}

    /** The device spec for {@link io.sosae.model.runtime.Devices#select}. */
    static String spec(String configured, Collection<ExternalResourceInfo> gpus, int subtaskIndex) {
        String c = configured.trim().toLowerCase(Locale.ROOT);
        if (gpus.isEmpty() || !(c.equals("auto") || c.equals("gpu"))) {
            return configured;
        }
        List<Integer> indexes = new ArrayList<>();
        for (ExternalResourceInfo info : gpus) {
            String index = info.getProperty(INDEX)
                    .orElseThrow(() -> new IllegalArgumentException("the cluster's external resource '" + RESOURCE
                            + "' has no '" + INDEX + "' property: configure Flink's GPU driver"
                            + " (external-resource.gpu.driver-factory.class) or pass --device cpu"));
            try {
                indexes.add(Integer.parseInt(index.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "the cluster's external resource '" + RESOURCE + "' reports GPU index '" + index
                                + "', not a number: check its discovery script",
                        e);
            }
        }
        indexes.sort(null);
        return "gpu:" + indexes.get(subtaskIndex % indexes.size());
    }
}
