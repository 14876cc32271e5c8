package dev.ferry.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The transport-neutral auto-configuration (this package, {@code listener}, {@code local}) knows
 * no adapter but the in-memory reference transport, and no AWS SDK or Kafka type; transport
 * auto-configurations live in their own sub-packages.
 */
class AutoConfigureArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.ferry.autoconfigure");

	@Test
	void neutralPackagesKnowNoAdapterOrSdk() {
		noClasses().that()
			.resideInAnyPackage("dev.ferry.autoconfigure", "dev.ferry.autoconfigure.listener",
					"dev.ferry.autoconfigure.local")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ferry.transport.sqs..", "dev.ferry.transport.sns..",
					"dev.ferry.transport.eventbridge..", "dev.ferry.transport.kinesis..", "dev.ferry.transport.kafka..",
					"software.amazon.awssdk.services..", "org.apache.kafka..", "io.awspring..")
			.check(CLASSES);
	}

	@Test
	void subPackagesAreFreeOfCycles() {
		slices().matching("dev.ferry.autoconfigure.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

}
