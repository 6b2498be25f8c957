package io.zapgate.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain knows nothing of AWS, HTTP, JSON or the WhatsApp protocol. */
class DomainDependencyTest {
    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zapgate.core");

    @Test
    void domainImportsNoInfrastructure() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon..",
                        "com.amazonaws..",
                        "com.fasterxml..",
                        "io.netty..",
                        "io.zapgate.wa..",
                        "io.zapgate.functions..",
                        "io.zapgate.aws..")
                .check(domain);
    }

    @Test
    void useCasesDependOnPortsNotAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.zapgate.core..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameStartingWith("DynamoDb")
                .check(domain);
    }
}
