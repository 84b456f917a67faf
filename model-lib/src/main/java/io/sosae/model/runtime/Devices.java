package io.sosae.model.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Picks the device from configuration: "cpu", "gpu" (first GPU), "gpu:N", or "auto" (a GPU when
 * the engine sees one, else the CPU). Flink's external-resource framework hands a TaskManager its
 * GPU indexes; the job's operator turns the one it takes into "gpu:N".
 */
public final class Devices {
    private Devices() {}

    public static Device select(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.startsWith("gpu:") || s.equals("cuda") || s.startsWith("cuda:")) {
            int colon = s.indexOf(':');
            int index;
            try {
                index = colon < 0 ? 0 : Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + spec + "': the GPU index must be a number, e.g. gpu:0");
            }
            if (index < 0 || index >= gpus) {
                throw new IllegalArgumentException(
                        "device '" + spec + "' asked for GPU " + index + " but the PyTorch engine sees " + gpus
                                + " GPU(s); build with -Pcuda on a CUDA machine, or use --device cpu / auto");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, gpu, gpu:N or auto");
    }
}
