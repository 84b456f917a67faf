package io.sosae.connectors.kafka;

import java.util.Objects;

/** The pipeline's topic names; {@link #defaults()} are the names docs/architecture.md lists. */
public record Topics(
        String sensorFrames,
        String imageFrames,
        String codes,
        String decoders,
        String lengthReports,
        String deadLetters,
        String driftAlerts) {

    public Topics {
        Objects.requireNonNull(sensorFrames, "sensorFrames");
        Objects.requireNonNull(imageFrames, "imageFrames");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(lengthReports, "lengthReports");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(driftAlerts, "driftAlerts");
    }

    public static Topics defaults() {
        return new Topics(
                "sensor-frames",
                "image-frames",
                "sosae-codes",
                "sosae-decoders",
                "sosae-length-reports",
                "sosae-dlq",
                "sosae-drift-alerts");
    }

    /** Every topic named {@code prefix} plus a suffix (-frames, -images, -codes, ...): one set per job or test. */
    public static Topics prefixed(String prefix) {
        return new Topics(
                prefix + "-frames",
                prefix + "-images",
                prefix + "-codes",
                prefix + "-decoders",
                prefix + "-reports",
                prefix + "-dlq",
                prefix + "-alerts");
    }

    public Topics withSensorFrames(String t) {
        return new Topics(t, imageFrames, codes, decoders, lengthReports, deadLetters, driftAlerts);
    }

    public Topics withImageFrames(String t) {
        return new Topics(sensorFrames, t, codes, decoders, lengthReports, deadLetters, driftAlerts);
    }

    public Topics withCodes(String t) {
        return new Topics(sensorFrames, imageFrames, t, decoders, lengthReports, deadLetters, driftAlerts);
    }

    public Topics withDecoders(String t) {
        return new Topics(sensorFrames, imageFrames, codes, t, lengthReports, deadLetters, driftAlerts);
    }

    public Topics withLengthReports(String t) {
        return new Topics(sensorFrames, imageFrames, codes, decoders, t, deadLetters, driftAlerts);
    }

    public Topics withDeadLetters(String t) {
        return new Topics(sensorFrames, imageFrames, codes, decoders, lengthReports, t, driftAlerts);
    }

    public Topics withDriftAlerts(String t) {
        return new Topics(sensorFrames, imageFrames, codes, decoders, lengthReports, deadLetters, t);
    }
}
