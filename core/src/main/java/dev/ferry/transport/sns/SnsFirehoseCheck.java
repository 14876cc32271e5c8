package dev.ferry.transport.sns;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;

/**
 * Answers whether a Firehose delivery stream appends a delimiter to every record. SNS already
 * writes newline-delimited records to a Firehose subscription, so the {@code AppendDelimiterToRecord}
 * processor doubles the newlines. An interface, so the SNS adapter runs without the Firehose SDK.
 */
@FunctionalInterface
public interface SnsFirehoseCheck {

	/**
	 * @param deliveryStreamArn the subscription's endpoint
	 * @return true when the stream has the AppendDelimiterToRecord processor, false when not, null
	 * when it cannot be read
	 */
	@Nullable Boolean appendsDelimiter(String deliveryStreamArn);

	/** The check on a Firehose client (DescribeDeliveryStream). */
	static SnsFirehoseCheck of(FirehoseClient client) {
		Objects.requireNonNull(client, "client");
		return arn -> {
			String name = arn.substring(arn.lastIndexOf('/') + 1);
			DeliveryStreamDescription description;
			try {
				description = client.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription();
			}
			catch (RuntimeException ex) {
				return null;
			}
			for (DestinationDescription destination : description.destinations()) {
				ProcessingConfiguration processing = destination.extendedS3DestinationDescription() != null
						? destination.extendedS3DestinationDescription().processingConfiguration() : null;
				if (processing == null || processing.processors() == null) {
					continue;
				}
				for (Processor processor : processing.processors()) {
					if ("AppendDelimiterToRecord".equals(processor.typeAsString())) {
						return true;
					}
				}
			}
			return false;
		};
	}

}
