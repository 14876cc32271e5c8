package dev.ferry.transport.sns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import org.jspecify.annotations.Nullable;

/**
 * Start-up checks of SNS topics and the subscriptions of the topics this application consumes:
 * <ul>
 * <li>{@code SNS-KMS-001}: the topic is encrypted with a customer-managed KMS key, not
 * {@code alias/aws/sns} or none;</li>
 * <li>{@code SNS-POL-001}: the topic policy does not allow {@code sns:Publish} to everyone without
 * conditions;</li>
 * <li>{@code SNS-DLQ-001}: every sqs subscription has a RedrivePolicy;</li>
 * <li>{@code SNS-DLQ-002}: that dead-letter queue's policy lets the topic send, scoped by
 * aws:SourceArn and aws:SourceAccount (else SNS drops what it cannot deliver);</li>
 * <li>{@code SNS-POL-002}: the subscription queue's policy is scoped the same way;</li>
 * <li>{@code SNS-FIFO-001}: a FIFO topic delivers to FIFO queues;</li>
 * <li>{@code SNS-FH-001}: a firehose subscription's delivery stream has no AppendDelimiterToRecord
 * processor (SNS records are already newline-delimited).</li>
 * </ul>
 */
final class SnsHardeningInspector implements HardeningInspector {

	private static final String DOC_SSE = "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html";

	private static final String DOC_DLQ = "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html";

	private static final String DOC_SQS = "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html";

	private static final String DOC_POLICY = "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html";

	private static final String DOC_FIFO = "https://docs.aws.amazon.com/sns/latest/dg/sns-fifo-topics.html";

	private static final String DOC_FIREHOSE = "https://docs.aws.amazon.com/sns/latest/dg/firehose-archived-message-format.html";

	private final SnsTopics topics;

	private final SnsSubscriptions subscriptions;

	private final Supplier<List<SnsTransport.PreparedRoute>> routes;

	private final @Nullable SnsFirehoseCheck firehose;

	SnsHardeningInspector(SnsTopics topics, SnsSubscriptions subscriptions,
			Supplier<List<SnsTransport.PreparedRoute>> routes, @Nullable SnsFirehoseCheck firehose) {
		this.topics = topics;
		this.subscriptions = subscriptions;
		this.routes = routes;
		this.firehose = firehose;
	}

	/** Every rule this inspector reports, so suppressions can name them. */
	@Override
	public Set<String> ruleIds() {
		return Set.of("SNS-DLQ-001", "SNS-DLQ-002", "SNS-FH-001", "SNS-FIFO-001", "SNS-KMS-001", "SNS-POL-001", "SNS-POL-002");
	}

	@Override
	public String name() {
		return SnsTransport.NAME;
	}

	@Override
	public List<Finding> inspect(Collection<Destination> destinations) {
		List<Finding> findings = new ArrayList<>();
		Map<String, SnsTopic> inspected = new LinkedHashMap<>();
		for (Destination destination : destinations) {
			SnsTopic topic = this.topics.refresh(destination.resource());
			if (topic != null && inspected.putIfAbsent(topic.arn(), topic) == null) {
				inspectTopic(topic, findings);
			}
		}
		Map<String, SnsTopic> consumed = new LinkedHashMap<>();
		this.routes.get().forEach(route -> consumed.putIfAbsent(route.topic().arn(), route.topic()));
		for (SnsTopic topic : inspected.values()) {
			for (SnsSubscriptions.TopicSubscription subscription : this.subscriptions.of(topic)) {
				if ("sqs".equals(subscription.protocol()) && consumed.containsKey(topic.arn())) {
					inspectQueueSubscription(topic, subscription, findings);
				}
				else if ("firehose".equals(subscription.protocol())) {
					inspectFirehose(subscription, findings);
				}
			}
		}
		return findings;
	}

	private void inspectTopic(SnsTopic topic, List<Finding> findings) {
		String key = topic.kmsMasterKeyId();
		if (key == null || key.equals("alias/aws/sns")) {
			findings.add(new Finding("SNS-KMS-001", Severity.WARNING, topic.arn(),
					key == null ? "Topic is not encrypted at rest with a KMS key"
							: "Topic is encrypted with the AWS-managed key alias/aws/sns, whose key policy you cannot "
									+ "restrict and which encrypted queues subscribed to it cannot be granted",
					"Set KmsMasterKeyId to a customer-managed key (ferry.destinations.<name>.properties.kms-key-id when "
							+ "Ferry provisions the topic) whose key policy allows the publishers",
					DOC_SSE));
		}
		if (SnsQueuePolicy.publishOpenToEveryone(topic.policy())) {
			findings.add(new Finding("SNS-POL-001", Severity.CRITICAL, topic.arn(),
					"Topic policy allows sns:Publish to Principal \"*\" without conditions: anyone can publish",
					"Name the publishing principals, or add conditions such as aws:SourceAccount or aws:SourceArn",
					DOC_POLICY));
		}
	}

	private void inspectQueueSubscription(SnsTopic topic, SnsSubscriptions.TopicSubscription subscription,
			List<Finding> findings) {
		String deadLetterArn = subscription.redriveTarget();
		if (deadLetterArn == null) {
			findings.add(new Finding("SNS-DLQ-001", Severity.WARNING, subscription.arn(),
					"Subscription of " + subscription.endpoint() + " has no RedrivePolicy: messages SNS cannot deliver "
							+ "are lost after its retries",
					"Set the subscription's RedrivePolicy to a dead-letter queue (ferry.provision=true does)", DOC_DLQ));
		}
		else {
			SnsSubscriptions.Queue deadLetter = this.subscriptions.queueOrNull(deadLetterArn);
			if (deadLetter == null || !SnsQueuePolicy.allowsScoped(deadLetter.policy(), topic)) {
				findings.add(new Finding("SNS-DLQ-002", Severity.CRITICAL, deadLetterArn,
						deadLetter == null ? "Dead-letter queue of subscription " + subscription.arn() + " does not exist"
								: "Dead-letter queue policy does not let sns.amazonaws.com send for topic " + topic.arn()
										+ " scoped by aws:SourceArn and aws:SourceAccount: SNS silently drops what it "
										+ "cannot deliver",
						"Allow sqs:SendMessage to sns.amazonaws.com with conditions aws:SourceArn = " + topic.arn()
								+ " and aws:SourceAccount = " + topic.account(),
						DOC_DLQ));
			}
		}
		SnsSubscriptions.Queue queue = this.subscriptions.queueOrNull(subscription.endpoint());
		if (queue == null) {
			return;
		}
		if (!SnsQueuePolicy.allowsScoped(queue.policy(), topic)) {
			findings.add(new Finding("SNS-POL-002", Severity.CRITICAL, queue.arn(),
					"Subscription queue policy does not let sns.amazonaws.com send for topic " + topic.arn()
							+ " scoped by aws:SourceArn and aws:SourceAccount",
					"Allow sqs:SendMessage to sns.amazonaws.com with conditions aws:SourceArn = " + topic.arn()
							+ " and aws:SourceAccount = " + topic.account(),
					DOC_SQS));
		}
		if (topic.fifo() && !queue.fifo()) {
			findings.add(new Finding("SNS-FIFO-001", Severity.CRITICAL, queue.arn(),
					"FIFO topic " + topic.name() + " is subscribed by a standard queue, which SNS cannot deliver to",
					"Subscribe a FIFO queue (name ending in .fifo)", DOC_FIFO));
		}
	}

	private void inspectFirehose(SnsSubscriptions.TopicSubscription subscription, List<Finding> findings) {
		if (this.firehose == null) {
			return;
		}
		Boolean appends = this.firehose.appendsDelimiter(subscription.endpoint());
		if (Boolean.TRUE.equals(appends)) {
			findings.add(new Finding("SNS-FH-001", Severity.WARNING, subscription.endpoint(),
					"Delivery stream of a Firehose subscription has the AppendDelimiterToRecord processor; SNS already "
							+ "writes newline-delimited records, so every record ends with two newlines",
					"Remove the AppendDelimiterToRecord processor from the delivery stream", DOC_FIREHOSE));
		}
	}

}
