package io.sosae.connectors.generator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the intrinsic (latent) dimension of a stream changes: "4:2000,16:2000,6:2000" means latent
 * dimension 4 for 2000 records, then 16 for 2000, then 6 for 2000.
 */
public record IntrinsicDimensionSchedule(List<Segment> segments) implements Serializable {

    public record Segment(int dimension, long records) implements Serializable {
        public Segment {
            if (dimension < 1) {
                throw new IllegalArgumentException("Latent dimension must be >= 1, got " + dimension);
            }
            if (records < 1) {
                throw new IllegalArgumentException("Segment length must be >= 1 record, got " + records);
            }
        }
    }

    public IntrinsicDimensionSchedule {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("A schedule needs at least one segment");
        }
        segments = List.copyOf(segments);
    }

    /** Parses "dim:records[,dim:records...]", e.g. "4:2000,16:2000,6:2000". */
    public static IntrinsicDimensionSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("Empty schedule; expected e.g. \"4:2000,16:2000\"");
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2) {
                throw new IllegalArgumentException("Bad schedule segment '" + part.trim() + "' in '" + spec
                        + "'; expected dim:records, e.g. 4:2000");
            }
            try {
                segments.add(new Segment(Integer.parseInt(pair[0].trim()), Long.parseLong(pair[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "Bad number in schedule segment '" + part.trim() + "' of '" + spec + "'", e);
            }
        }
        return new IntrinsicDimensionSchedule(segments);
    }

    public static IntrinsicDimensionSchedule constant(int dimension, long records) {
        return new IntrinsicDimensionSchedule(List.of(new Segment(dimension, records)));
    }

    public long totalRecords() {
        return segments.stream().mapToLong(Segment::records).sum();
    }

    public int maxDimension() {
        return segments.stream().mapToInt(Segment::dimension).max().orElseThrow();
    }

    /** The latent dimension of record number index (0-based), the schedule repeating after its end. */
    public int dimensionAt(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        long i = index % totalRecords();
        for (Segment s : segments) {
            if (i < s.records()) {
                return s.dimension();
            }
            i -= s.records();
        }
        throw new AssertionError("unreachable: index within total");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(sb.length() == 0 ? "" : ",")
                    .append(s.dimension())
                    .append(':')
                    .append(s.records());
        }
        return sb.toString();
    }
}
