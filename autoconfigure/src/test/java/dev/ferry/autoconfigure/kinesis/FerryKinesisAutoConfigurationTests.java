package dev.ferry.autoconfigure.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.kinesis.coordinator.Scheduler;

class FerryKinesisAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryKinesisAutoConfiguration.class));

	@Test
	void registersTheTransportWhenADestinationUsesKinesis() {
		this.runner
			.withPropertyValues("ferry.destinations.clicks.transport=kinesis", "ferry.kinesis.region=eu-west-1",
					"ferry.kinesis.max-record-size=2MB", "ferry.kinesis.initial-position=LATEST",
					"ferry.kinesis.publish.batch-window=10ms")
			.run(context -> {
				assertThat(context).hasSingleBean(KinesisTransport.class);
				KinesisTransport transport = context.getBean(KinesisTransport.class);
				assertThat(transport.name()).isEqualTo("kinesis");
				assertThat(transport.options().maxRecordBytes()).isEqualTo(2L * 1024 * 1024);
				assertThat(transport.options().initialPosition()).isEqualTo("LATEST");
				assertThat(transport.options().publishBatchWindow()).isEqualTo(java.time.Duration.ofMillis(10));
				assertThat(transport.options().metrics()).isFalse();
			});
	}

	@Test
	void staysAwayWhenNothingAsksForKinesis() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(KinesisTransport.class));
	}

	@Test
	void backsOffWithoutTheKinesisClientLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(Scheduler.class))
			.withPropertyValues("ferry.destinations.clicks.transport=kinesis", "ferry.kinesis.region=eu-west-1")
			.run(context -> assertThat(context).doesNotHaveBean(KinesisTransport.class));
	}

	@Test
	void rejectsAPublishWindowAboveOneSecondWithTheProperty() {
		this.runner.withPropertyValues("ferry.kinesis.region=eu-west-1", "ferry.kinesis.publish.batch-window=2s")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("ferry.kinesis.publish.batch-window"));
	}

	@Test
	void rejectsAnUnknownInitialPositionWithTheProperty() {
		this.runner.withPropertyValues("ferry.kinesis.region=eu-west-1", "ferry.kinesis.initial-position=OLDEST")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("ferry.kinesis.initial-position"));
	}

}
