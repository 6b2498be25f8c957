package io.zapgate.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Lambdas stay small: they never load the WhatsApp protocol library or Netty. */
class ArchitectureTest {
    private final JavaClasses functions = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zapgate.functions");

    @Test
    void functionsNeverImportTheProtocolLibrary() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.zapgate.wa..", "io.netty..")
                .check(functions);
    }

    @Test
    void handlersDoNotTouchTheSdkDirectly() {
        noClasses()
                .that()
                .resideInAPackage("io.zapgate.functions.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.awssdk..")
                .check(functions);
    }
}
