package dev.ferry.transport.sqs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import dev.ferry.core.destination.Destination;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Resolves queue names, URLs and ARNs to {@link SqsQueue}s and caches them. Never creates a queue:
 * that is {@link SqsProvisioner}'s job, and only when asked.
 */
final class SqsQueues {

	private final SqsAsyncClient client;

	private final Map<String, CompletableFuture<SqsQueue>> cache = new ConcurrentHashMap<>();

	SqsQueues(SqsAsyncClient client) {
		this.client = client;
	}

	/** The queue behind the destination; fails with a configuration error naming it when missing. */
	CompletableFuture<SqsQueue> resolve(Destination destination) {
		return resolve(destination.resource()).handle((queue, error) -> {
			if (error != null) {
				throw new CompletionException(translate(destination, unwrap(error)));
			}
			return queue;
		});
	}

	/** The queue by name, URL or ARN (cached; a failed lookup is not cached). */
	CompletableFuture<SqsQueue> resolve(String resource) {
		CompletableFuture<SqsQueue> future = this.cache.computeIfAbsent(resource, this::load);
		future.whenComplete((queue, error) -> {
			if (error != null) {
				this.cache.remove(resource, future);
			}
		});
		return future;
	}

	/** Reads the queue again (after provisioning or to see changed attributes). */
	SqsQueue refresh(String resource) {
		this.cache.remove(resource);
		return resolve(resource).join();
	}

	/** Blocking lookup that returns null when the queue does not exist. */
	@Nullable SqsQueue findOrNull(String resource) {
		try {
			return resolve(resource).join();
		}
		catch (CompletionException ex) {
			if (isMissingQueue(unwrap(ex))) {
				return null;
			}
			throw ex;
		}
	}

	private CompletableFuture<SqsQueue> load(String resource) {
		return urlOf(resource).thenCompose(url -> this.client
			.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url).attributeNames(QueueAttributeName.ALL).build())
			.thenApply(response -> new SqsQueue(url, response.attributes().getOrDefault(QueueAttributeName.QUEUE_ARN, ""),
					response.attributes())));
	}

	private CompletableFuture<String> urlOf(String resource) {
		if (resource.startsWith("http://") || resource.startsWith("https://")) {
			return CompletableFuture.completedFuture(resource);
		}
		GetQueueUrlRequest.Builder request = GetQueueUrlRequest.builder().queueName(SqsQueue.nameOf(resource));
		if (resource.startsWith("arn:")) {
			String[] parts = resource.split(":");
			if (parts.length >= 6) {
				request.queueOwnerAWSAccountId(parts[4]);
			}
		}
		return this.client.getQueueUrl(request.build()).thenApply(response -> response.queueUrl());
	}

	static boolean isMissingQueue(Throwable error) {
		if (error instanceof QueueDoesNotExistException) {
			return true;
		}
		if (error instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
			String code = String.valueOf(aws.awsErrorDetails().errorCode());
			return code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist");
		}
		return false;
	}

	static RuntimeException translate(Destination destination, Throwable error) {
		if (isMissingQueue(error)) {
			return missing(destination);
		}
		if (error instanceof RuntimeException runtime && !(error instanceof AwsServiceException)
				&& !(error instanceof software.amazon.awssdk.core.exception.SdkException)) {
			return runtime;
		}
		return new TransportException("Could not read SQS queue '" + destination.resource() + "' of destination '"
				+ destination.name() + "': " + error.getMessage(), error, true);
	}


	static FerryConfigurationException missing(Destination destination) {
		return new FerryConfigurationException("SQS queue '" + destination.resource() + "' of destination '"
					+ destination.name() + "' does not exist. Create it (with a dead-letter queue), fix "
					+ destination.configPrefix() + ".resource, or set ferry.provision=true to let Ferry create it "
					+ "with hardened defaults. Ferry never creates queues silently.");
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof java.util.concurrent.ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
