package io.sosae.tools.cli;

import ai.djl.Device;
import io.sosae.model.runtime.Devices;
import picocli.CommandLine.Option;

/** --device: where models train and encode. */
final class DeviceOption {
    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu, gpu:N or auto (GPU when present). Default: ${DEFAULT-VALUE}.")
    String device;

    Device resolve() {
        return Devices.select(device);
    }
}
