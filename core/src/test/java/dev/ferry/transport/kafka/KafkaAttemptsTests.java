package dev.ferry.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The attempts ledger: what a committed marker means to the next owner of a partition. */
class KafkaAttemptsTests {

	private static final TopicPartition P0 = new TopicPartition("orders", 0);

	@Test
	void aFreshPartitionStartsAtAttemptOne() {
		KafkaAttempts attempts = new KafkaAttempts();
		attempts.seed(P0, null);
		attempts.seed(P0, new OffsetAndMetadata(7, ""));
		assertThat(attempts.next(P0, 7)).isEqualTo(1);
		assertThat(attempts.careful(P0, 7)).isFalse();
	}

	@Test
	void aMarkerLeftByACrashCountsTheNextDeliveryAsTheFollowingAttempt() {
		KafkaAttempts attempts = new KafkaAttempts();
		OffsetAndMetadata marker = KafkaAttempts.inFlight(10, 10, 3, 0);
		assertThat(marker.metadata()).isEqualTo("ferry-attempts:10-10:3/0");

		attempts.seed(P0, marker);

		assertThat(attempts.next(P0, 10)).isEqualTo(4);
		assertThat(attempts.next(P0, 11)).isEqualTo(1);
		assertThat(attempts.careful(P0, 10)).as("a single record needs no isolation").isFalse();
	}

	@Test
	void aMarkerOverSeveralRecordsIsDeliveredOneRecordAtATimeUntilPassed() {
		KafkaAttempts attempts = new KafkaAttempts();
		attempts.seed(P0, KafkaAttempts.inFlight(10, 14, 3, 1));

		assertThat(attempts.next(P0, 10)).as("the record sought back is counted highest").isEqualTo(4);
		assertThat(attempts.next(P0, 12)).as("the records after it are not charged for it").isEqualTo(2);
		assertThat(attempts.careful(P0, 10)).isTrue();
		assertThat(attempts.careful(P0, 14)).isTrue();
		assertThat(attempts.careful(P0, 15)).isFalse();
		assertThat(attempts.careful(P0, 11)).as("once passed, the partition flows in batches again").isFalse();
	}

	@Test
	void retriedRecordsAreCountedUntilTheyAreDoneAndForgottenWithThePartition() {
		KafkaAttempts attempts = new KafkaAttempts();
		attempts.retried(P0, Map.of(5L, 2, 6L, 1));
		assertThat(attempts.next(P0, 5)).isEqualTo(3);
		attempts.advanced(P0, 6);
		assertThat(attempts.next(P0, 5)).isEqualTo(1);
		assertThat(attempts.next(P0, 6)).isEqualTo(2);
		attempts.forget(List.of(P0));
		assertThat(attempts.next(P0, 6)).isEqualTo(1);
	}

	@Test
	void foreignOrBrokenMetadataIsIgnored() {
		KafkaAttempts attempts = new KafkaAttempts();
		attempts.seed(P0, new OffsetAndMetadata(3, "written by another tool"));
		attempts.seed(new TopicPartition("orders", 1), new OffsetAndMetadata(3, "ferry-attempts:x-y:z"));
		assertThat(attempts.next(P0, 3)).isEqualTo(1);
		assertThat(KafkaAttempts.Marker.parse("ferry-attempts:1-2:99999999999/1")).isNull();
	}

	@Test
	void aMarkerBehindTheCommittedOffsetIsStale() {
		KafkaAttempts attempts = new KafkaAttempts();
		attempts.seed(P0, new OffsetAndMetadata(20, "ferry-attempts:10-14:2/2"));
		assertThat(attempts.next(P0, 20)).isEqualTo(1);
	}

}
