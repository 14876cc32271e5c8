package dev.ferry.autoconfigure.worker;

import java.net.URI;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.autoconfigure.sqs.FerrySqsAutoConfiguration;
import dev.ferry.core.consume.FerryListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A worker service as users write one: no web server, an SQS listener, {@code main} returns after
 * start-up. {@link WorkerKeepsRunningTests} runs it in a child JVM.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, FerrySqsAutoConfiguration.class,
		FerryAutoConfiguration.class })
public class WorkerApplication {

	static final String HANDLED = "WORKER handled ";

	static final String MAIN_RETURNED = "WORKER main returned";

	static final String CLOSING = "WORKER context closing";

	@Bean(destroyMethod = "close")
	SqsAsyncClient sqsAsyncClient(@Value("${worker.sqs-endpoint}") String endpoint) {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@Bean
	ApplicationListener<ContextClosedEvent> closing() {
		return event -> System.out.println(CLOSING);
	}

	@Bean
	OrderWorker orderWorker() {
		return new OrderWorker();
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
		System.out.println(MAIN_RETURNED);
	}

	static class OrderWorker {

		@FerryListener(destination = "orders", id = "orders-worker")
		void on(String order) {
			System.out.println(HANDLED + order);
		}

	}

}
