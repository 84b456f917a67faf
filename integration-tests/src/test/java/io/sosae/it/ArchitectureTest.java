package io.sosae.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of docs/architecture.md, checked on the compiled main classes of every module
 * (this module sees them all): what ships never reaches into the tools or the test support, the
 * model knows nothing of Flink or Kafka, the connectors nothing of the model, and no package
 * cycles anywhere.
 */
@AnalyzeClasses(packages = "io.sosae", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

    /** Main classes only: no test classes of any module, and no test-jars. */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }

    private static final String[] BROKER = {
        "kafka..",
        "org.apache.kafka.server..",
        "org.apache.kafka.metadata..",
        "org.apache.kafka.raft..",
        "org.apache.kafka.storage..",
        "scala.."
    };

    @ArchTest
    static final ArchRule schemasAreOnlyAvro = noClasses()
            .that()
            .resideInAPackage("io.sosae.schemas..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sosae.model..",
                    "io.sosae.connectors..",
                    "io.sosae.jobs..",
                    "io.sosae.tools..",
                    "io.sosae.embedded..",
                    "io.sosae.reference..");

    @ArchTest
    static final ArchRule modelLibKnowsNoFlinkKafkaOrJobs = noClasses()
            .that()
            .resideInAPackage("io.sosae.model..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.flink..",
                    "org.apache.kafka..",
                    "io.sosae.connectors..",
                    "io.sosae.jobs..",
                    "io.sosae.tools..",
                    "io.sosae.embedded..",
                    "io.sosae.reference..");

    @ArchTest
    static final ArchRule connectorsKnowNoModel = noClasses()
            .that()
            .resideInAPackage("io.sosae.connectors..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sosae.model..",
                    "io.sosae.jobs..",
                    "io.sosae.tools..",
                    "io.sosae.embedded..",
                    "io.sosae.reference..");

    @ArchTest
    static final ArchRule shippedCodeUsesNoBroker = noClasses()
            .that()
            .resideInAnyPackage("io.sosae.schemas..", "io.sosae.model..", "io.sosae.connectors..", "io.sosae.jobs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(BROKER);

    @ArchTest
    static final ArchRule theJobKnowsNoToolsOrTestSupport = noClasses()
            .that()
            .resideInAPackage("io.sosae.jobs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sosae.tools..",
                    "io.sosae.embedded..",
                    "io.sosae.reference..",
                    "org.apache.logging.log4j..",
                    "picocli..");

    @ArchTest
    static final ArchRule testSupportStandsAlone = noClasses()
            .that()
            .resideInAnyPackage("io.sosae.embedded..", "io.sosae.reference..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sosae.schemas..",
                    "io.sosae.model..",
                    "io.sosae.connectors..",
                    "io.sosae.jobs..",
                    "io.sosae.tools..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.sosae.(**)").should().beFreeOfCycles();
}
