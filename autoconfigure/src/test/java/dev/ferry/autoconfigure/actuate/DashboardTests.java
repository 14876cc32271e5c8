package dev.ferry.autoconfigure.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.transport.Backlog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped Grafana dashboard queries only what Ferry registers: every metric and label a query
 * names appears in a real Prometheus scrape of an application that published, consumed, dead-lettered
 * and refreshed its backlog gauges.
 */
class DashboardTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "dashboards", "ferry-grafana.json");

	private static final Pattern METRIC = Pattern.compile("\\b((?:messaging|ferry)_[a-z_]+)\\b");

	private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(?:=~|=|!=)\\s*\\\"");

	private static final Pattern BY = Pattern.compile("by \\(([^)]*)\\)");

	@Test
	void everyQueryUsesRegisteredMetricsAndLabels() throws IOException {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class, FerryOperationsAutoConfiguration.class))
			.withPropertyValues("ferry.default-transport=in-memory", "ferry.listener.poll-timeout=50ms",
					"ferry.destinations.orders.retry.max-attempts=1")
			.withBean("orders", FerryOperationsTests.Orders.class)
			.withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
			.run(context -> {
				MessagePublisher publisher = context.getBean(MessagePublisher.class);
				publisher.publish("orders", "good");
				publisher.publish("orders", "poison");
				FerryOperationsTests.Orders orders = context.getBean(FerryOperationsTests.Orders.class);
				FerryBacklogMetrics metrics = context.getBean(FerryBacklogMetrics.class);
				PrometheusMeterRegistry registry = (PrometheusMeterRegistry) context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					metrics.refresh();
					return orders.handled.contains("good") && registry.scrape().contains("queue=\"dead_letter\"");
				});
				// Kafka lag goes through the same gauge code; no broker here, so feed one partition's lag.
				metrics.update(Tags.of("messaging.system", "kafka", "messaging.destination.name", "orders", "queue", "main"),
						new Backlog(3, -1, -1, List.of(new Backlog.PartitionLag("orders-group", 0, 3))));
				// Kinesis's MillisBehindLatest likewise (no KCL consumer in this test).
				metrics.update(Tags.of("messaging.system", "kinesis", "messaging.destination.name", "orders", "queue", "main"),
						new Backlog(-1, -1, -1, List.of(), java.util.Map.of("clicks/shardId-000000000000", 1500L)));
				String scrape = registry.scrape();
				Set<String> names = new HashSet<>();
				Set<String> labels = new HashSet<>(Set.of("le"));
				for (String line : scrape.lines().toList()) {
					if (line.startsWith("#") || line.isBlank()) {
						continue;
					}
					int brace = line.indexOf('{');
					names.add(line.substring(0, brace > 0 ? brace : line.indexOf(' ')));
					if (brace > 0) {
						Matcher label = Pattern.compile("([a-z_]+)=\"").matcher(line.substring(brace));
						while (label.find()) {
							labels.add(label.group(1));
						}
					}
				}
				List<String> queries = queries();
				assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
				Set<String> checked = new HashSet<>();
				for (String query : queries) {
					Matcher metric = METRIC.matcher(query);
					while (metric.find()) {
						if (labels.contains(metric.group(1))) {
							continue;
						}
						assertThat(names).as("metric in " + query).contains(metric.group(1));
						checked.add(metric.group(1));
					}
					Matcher label = LABEL.matcher(query);
					while (label.find()) {
						assertThat(labels).as("label in " + query).contains(label.group(1));
					}
					Matcher by = BY.matcher(query);
					while (by.find()) {
						for (String name : by.group(1).split(",")) {
							assertThat(labels).as("grouping label in " + query).contains(name.trim());
						}
					}
				}
				assertThat(checked).contains("messaging_process_duration_seconds_bucket", "messaging_client_sent_messages_total",
						"ferry_backlog_messages", "ferry_consumer_lag", "ferry_listener_in_flight",
						"ferry_consumer_behind_latest");
			});
	}

	private static List<String> queries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new java.util.ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if (variable.has("query") && variable.get("query").asString().startsWith("label_values")) {
				queries.add(variable.get("query").asString());
			}
		}
		return queries;
	}

}
