package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.Test;

/** Lease tables are created only when asked to: without provisioning a missing one fails start-up by name (moto). */
class KinesisLeaseTableTests {

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	@Test
	void missingLeaseTableFailsStartUpNamingItWhenProvisioningIsOff() {
		String stream = "no-lease-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination clicks = Destination.of("clicks", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("lease-table", "leases-" + stream));
		try (Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(),
					KinesisContractFixture.fastOptions().createLeaseTables(false).build()))
			.destination(clicks)
			.hardeningMode(HardeningMode.OFF)
			.build()) {
			ferry.listen(ListenerDefinition.builder("clicks", "clicks", String.class, (payload, context) -> {
			}).build());

			assertThatThrownBy(ferry::start).isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining("leases-" + stream)
				.hasMessageContaining("ferry.provision=true");
		}
		assertThat(this.backend.dynamo().listTables().join().tableNames()).doesNotContain("leases-" + stream);
	}

}
