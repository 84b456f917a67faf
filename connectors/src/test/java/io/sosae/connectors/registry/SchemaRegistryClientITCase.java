package io.sosae.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client against a real Apicurio Registry process speaking the Confluent API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRegistryClientITCase {

    private ApicurioRegistryServer server;
    private SchemaRegistryClient client;

    @BeforeAll
    void start() {
        server = ApicurioRegistryServer.start();
        client = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
    }

    @AfterAll
    void stop() {
        server.close();
        assertThat(server.isAlive()).isFalse();
        assertThat(server.logFile()).doesNotExist();
    }

    @Test
    void registersAndFetchesById() {
        int id = client.register("frames-value", SensorFrame.getClassSchema());

        SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));
        assertThat(fresh.getSchemaById(id)).isEqualTo(SensorFrame.getClassSchema());
        assertThat(client.register("frames-value", SensorFrame.getClassSchema()))
                .isEqualTo(id);
        assertThat(fresh.lookupId("frames-value", SensorFrame.getClassSchema())).isEqualTo(id);
        assertThat(client.subjects()).contains("frames-value");
    }

    @Test
    void latestFollowsNewVersions() {
        Schema v1 = SensorFrame.getClassSchema();
        Schema v2 = withField(v1, optionalString("site"));
        int id1 = client.register("evolving-value", v1);
        int id2 = client.register("evolving-value", v2);

        RegisteredSchema latest = client.latest("evolving-value");

        assertThat(id2).isNotEqualTo(id1);
        assertThat(latest.subject()).isEqualTo("evolving-value");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2);
        assertThat(latest.schema()).isEqualTo(v2);
        assertThat(client.version("evolving-value", 1).schema()).isEqualTo(v1);
        assertThat(client.versions("evolving-value")).containsExactly(1, 2);
    }

    @Test
    void backwardCompatibilityRuleAcceptsDefaultsAndRejectsRequiredFields() {
        Schema v1 = SensorFrame.getClassSchema();
        client.register("guarded-value", v1);
        assertThat(client.setCompatibility("guarded-value", CompatibilityLevel.BACKWARD))
                .isEqualTo(CompatibilityLevel.BACKWARD);

        Schema withDefault = withField(v1, optionalString("site"));
        Schema withRequired = withField(v1, new Schema.Field("site", Schema.create(Schema.Type.STRING)));

        assertThat(client.isCompatible("guarded-value", withDefault)).isTrue();
        assertThat(client.isCompatible("guarded-value", withRequired)).isFalse();
        assertThatThrownBy(() -> client.register("guarded-value", withRequired))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThatThrownBy(() -> client.register("guarded-value", ImageFrame.getClassSchema()))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void cachesSchemasById() {
        int id = client.register("cached-value", ImageFrame.getClassSchema());
        SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryConfig.of(server.ccompatUrl()));

        fresh.getSchemaById(id);
        long afterFirst = fresh.requestsSent();
        for (int i = 0; i < 10; i++) {
            assertThat(fresh.getSchemaById(id)).isEqualTo(ImageFrame.getClassSchema());
        }

        assertThat(afterFirst).isEqualTo(1);
        assertThat(fresh.requestsSent()).isEqualTo(1);
    }

    @Test
    void unknownIdIsNotFound() {
        assertThatThrownBy(() -> client.getSchemaById(987654)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.isNotFound()).isTrue();
            assertThat(e.errorCode()).isEqualTo(40403);
        });
        assertThatThrownBy(() -> client.latest("no-such-subject"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    }

    static Schema.Field optionalString(String name) {
        return new Schema.Field(
                name,
                SchemaBuilder.builder().unionOf().nullType().and().stringType().endUnion(),
                "added in v2",
                Schema.Field.NULL_DEFAULT_VALUE);
    }

    /** A copy of the record schema with one more field at the end. */
    static Schema withField(Schema base, Schema.Field extra) {
        var fields = new java.util.ArrayList<Schema.Field>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
