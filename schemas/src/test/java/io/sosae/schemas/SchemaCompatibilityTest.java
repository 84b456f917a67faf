package io.sosae.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema evolves by the registry's BACKWARD rule: a reader with the current schema must read
 * data written with each committed previous version (src/test/resources/previous/NAME.vN.avsc).
 */
class SchemaCompatibilityTest {

    static Stream<Arguments> currentSchemas() {
        return Map.of(
                        "SensorFrame", SensorFrame.getClassSchema(),
                        "ImageFrame", ImageFrame.getClassSchema(),
                        "CompressedCode", CompressedCode.getClassSchema(),
                        "DecoderSnapshot", DecoderSnapshot.getClassSchema(),
                        "LengthReport", LengthReport.getClassSchema(),
                        "DeadLetter", DeadLetter.getClassSchema(),
                        "DriftAlert", DriftAlert.getClassSchema())
                .entrySet()
                .stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaReadsPreviousVersion(String name, Schema current) throws IOException {
        Schema previous = previous(name, 1);

        assertThat(current.getNamespace()).isEqualTo("io.sosae.schemas");
        assertThat(current.getFullName()).isEqualTo(previous.getFullName());
        assertThat(backward(current, previous).getType())
                .as("%s must read data written with %s.v1", name, name)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void addingOptionalFieldWithDefaultIsBackwardCompatible() throws IOException {
        Schema v1 = previous("SensorFrame", 1);
        Schema v2 = withExtraField(
                v1,
                SchemaBuilder.builder().unionOf().nullType().and().stringType().endUnion(),
                Schema.Field.NULL_DEFAULT_VALUE);

        assertThat(backward(v2, v1).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void addingRequiredFieldWithoutDefaultIsDetected() throws IOException {
        Schema v1 = previous("SensorFrame", 1);
        Schema v2 = withExtraField(v1, Schema.create(Schema.Type.STRING), null);

        SchemaCompatibility.SchemaPairCompatibility result = backward(v2, v1);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getDescription()).contains("site");
    }

    @Test
    void changingFieldTypeIsDetected() throws IOException {
        Schema v1 = previous("LengthReport", 1);
        String json = v1.toString()
                .replace(
                        "{\"name\":\"activeLength\",\"type\":\"int\"}",
                        "{\"name\":\"activeLength\",\"type\":\"string\"}");
        Schema v2 = new Schema.Parser().parse(json);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(backward(v2, v1).getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static SchemaCompatibility.SchemaPairCompatibility backward(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    }

    /** A copy of the record with one more field named "site". */
    private static Schema withExtraField(Schema base, Schema type, Object defaultValue) {
        var fields = new java.util.ArrayList<Schema.Field>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("site", type, "added in v2", defaultValue));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static Schema previous(String name, int version) throws IOException {
        String resource = "/previous/" + name + ".v" + version + ".avsc";
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing committed schema " + resource
                        + "; every schema needs its previous version under src/test/resources/previous");
            }
            return new Schema.Parser().parse(in);
        }
    }
}
