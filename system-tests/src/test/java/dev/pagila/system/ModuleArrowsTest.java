package dev.pagila.system;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module arrows: shared-kernel depends on nothing; each side on the kernel and infra, never on the other nor on
 * the tools; the tools (local stack, command line, parity, load tools, client) on the platform's APIs and stores.
 */
class ModuleArrowsTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.pagila");
    }

    @Test
    void sharedKernelDependsOnNoSpringAwsRedisJdbcNorAnyOtherModule() {
        noClasses().that().resideInAPackage("dev.pagila.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "software.amazon..", "io.lettuce..", "redis..", "java.sql..",
                        "javax.sql..", "dev.pagila.command..", "dev.pagila.query..", "dev.pagila.infra..",
                        "dev.pagila.stack..", "dev.pagila.cli..", "dev.pagila.parity..", "dev.pagila.load..", "dev.pagila.client..")
                .check(classes);
    }

    @Test
    void commandSideNeverReadsTheReadStoresNorTheQuerySide() {
        noClasses().that().resideInAPackage("dev.pagila.command..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pagila.query..", "software.amazon..", "io.lettuce..", "org.springframework.data.redis..",
                        "dev.pagila.infra.dynamodb..", "dev.pagila.stack..", "dev.pagila.cli..", "dev.pagila.parity..", "dev.pagila.load..", "dev.pagila.client..")
                .check(classes);
    }

    @Test
    void querySideNeverDependsOnTheCommandSide() {
        noClasses().that().resideInAPackage("dev.pagila.query..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pagila.command..", "dev.pagila.stack..", "dev.pagila.cli..", "dev.pagila.parity..", "dev.pagila.load..", "dev.pagila.client..")
                .check(classes);
    }

    /**
     * Answers come from DynamoDB and Redis only. PostgreSQL is read by the operators' tooling alone (tokens, the
     * head of the stream, dead letters) and holds the pointer to the active read-model table.
     */
    @Test
    void queriesAndProjectionsNeverReadPostgres() {
        noClasses().that().resideInAPackage("dev.pagila.query..")
                .and().resideOutsideOfPackages("dev.pagila.query.admin..", "dev.pagila.query.config..")
                .and().doNotHaveSimpleName("ActiveTable")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .check(classes);
    }

    /** The embedded stores serve the tests and the local run; the apps' production code never starts one. */
    @Test
    void theAppsNeverUseAnEmbeddedStore() {
        noClasses().that().resideInAnyPackage("dev.pagila.command..", "dev.pagila.query..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pagila.stack..", "io.zonky..",
                        "redis.embedded..", "com.amazonaws.services.dynamodbv2.local..")
                .check(classes);
    }

    @Test
    void infraHoldsNoBusinessRules() {
        noClasses().that().resideInAPackage("dev.pagila.infra..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pagila.kernel..", "dev.pagila.command..", "dev.pagila.query..", "io.zonky..", "redis.embedded..",
                        "com.amazonaws.services.dynamodbv2.local..", "dev.pagila.stack..", "dev.pagila.cli..", "dev.pagila.parity..", "dev.pagila.load..", "dev.pagila.client..")
                .check(classes);
    }

    /**
     * The tools reach the platform through its APIs and its stores, never through the apps' code: the parity check
     * and the client know nothing of how the platform is run, the local stack nothing of the tools it serves.
     */
    @Test
    void theToolsDependOnlyDownwards() {
        noClasses().that().resideInAnyPackage("dev.pagila.stack..", "dev.pagila.cli..", "dev.pagila.parity..",
                        "dev.pagila.load..", "dev.pagila.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pagila.command..", "dev.pagila.query..",
                        "dev.pagila.kernel..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.pagila.parity..", "dev.pagila.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pagila.stack..", "dev.pagila.load..", "dev.pagila.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.pagila.stack..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pagila.parity..", "dev.pagila.load..", "dev.pagila.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.pagila.load..")
                .should().dependOnClassesThat().resideInAPackage("dev.pagila.cli..")
                .check(classes);
    }

    /** No cycles between the modules' packages, nor, within each side, between its bounded contexts and plumbing. */
    @Test
    void modulesAndContextsHaveNoCycles() {
        slices().matching("dev.pagila.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.pagila.command.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.pagila.query.(*)..").should().beFreeOfCycles().check(classes);
    }
}
