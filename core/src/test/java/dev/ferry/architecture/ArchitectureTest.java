package dev.ferry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of STYLE.md, enforced. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.ferry");

	@Test
	void transportNeutralCodeNeverImportsAnAdapterOrAnSdk() {
		noClasses().that().resideInAPackage("dev.ferry.core..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("dev.ferry.transport..", "software.amazon..", "org.apache.kafka..",
					"org.springframework.kafka..", "io.awspring..")
			.check(CLASSES);
	}

	@Test
	void adaptersDoNotDependOnEachOther() {
		slices().matching("dev.ferry.transport.(*)..").should().notDependOnEachOther().check(CLASSES);
	}

	@Test
	void corePackagesAreFreeOfCycles() {
		slices().matching("dev.ferry.core.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void coreStaysFreeOfSpringBeyondSpringCore() {
		noClasses().that().resideInAPackage("dev.ferry..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("org.springframework.context..", "org.springframework.beans..",
					"org.springframework.boot..")
			.check(CLASSES);
	}

}
