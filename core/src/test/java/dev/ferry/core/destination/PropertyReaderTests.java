package dev.ferry.core.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;

class PropertyReaderTests {

	enum Scope {

		MESSAGE_ATTRIBUTES, MESSAGE_BODY

	}

	private final Destination orders = Destination.of("orders", "sqs", "orders")
		.withProperties(Map.of("count", "12", "bad-count", "twelve", "wait", "1500ms", "iso", "PT2M", "bad-wait",
				"soon", "flag", "TRUE", "bad-flag", "yes", "scope", "MessageBody", "bad-scope", "everything", "blank",
				" "));

	@Test
	void readsTypedValues() {
		PropertyReader settings = this.orders.settings();

		assertThat(settings.integer("count", 1, 20)).isEqualTo(12);
		assertThat(settings.duration("wait")).isEqualTo(Duration.ofMillis(1500));
		assertThat(settings.duration("iso")).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.bool("flag", false)).isTrue();
		assertThat(settings.enumValue("scope", Scope.class)).isEqualTo(Scope.MESSAGE_BODY);
		assertThat(settings.string("blank")).isNull();
		assertThat(settings.integer("absent", 1, 2)).isNull();
		assertThat(settings.bool("absent", true)).isTrue();
	}

	@Test
	void invalidValuesNameTheProperty() {
		PropertyReader settings = this.orders.settings();

		assertThatThrownBy(() -> settings.integer("bad-count", 1, 20)).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.orders.properties.bad-count")
			.hasMessageContaining("'twelve'");
		assertThatThrownBy(() -> settings.integer("count", 1, 10))
			.hasMessageContaining("ferry.destinations.orders.properties.count must be between 1 and 10, was 12"
				.replace(" must", ": must"));
		assertThatThrownBy(() -> settings.duration("bad-wait")).hasMessageContaining("properties.bad-wait");
		// seconds or milliseconds? A bare number is refused as Destination.durationProperty refuses it.
		Destination bare = Destination.of("orders", "sqs", "orders").withProperties(Map.of("bare-wait", "30"));
		assertThatThrownBy(() -> bare.settings().duration("bare-wait")).hasMessageContaining("properties.bare-wait")
			.hasMessageContaining("with a unit");
		assertThatThrownBy(() -> bare.durationProperty("bare-wait")).hasMessageContaining("with a unit");
		assertThatThrownBy(() -> settings.duration("iso", Duration.ofSeconds(30))).hasMessageContaining("properties.iso");
		assertThatThrownBy(() -> settings.bool("bad-flag", false)).hasMessageContaining("properties.bad-flag");
		assertThatThrownBy(() -> settings.enumValue("bad-scope", Scope.class))
			.hasMessageContaining("properties.bad-scope")
			.hasMessageContaining("message-attributes, message-body");
	}

	@Test
	void subscriptionSettingsOfAListenerOverrideTheDefaultsAndNameWhereAValueCameFrom() {
		SubscriptionSettings billing = new SubscriptionSettings(null, "billing-q", null,
				Map.of("filter-policy-scope", "nowhere"), Map.of());
		SubscriptionSettings settings = new SubscriptionSettings("sqs", null, null,
				Map.of("raw-delivery", "maybe", "filter-policy-scope", "MessageBody"), Map.of("billing", billing));
		Destination events = Destination.of("order-events", "sns", "order-events").withSubscription(settings);

		SubscriptionSettings merged = settings.forListener("billing");
		assertThat(merged.queue()).isEqualTo("billing-q");
		assertThat(merged.transport()).isEqualTo("sqs");
		assertThat(merged.properties()).containsEntry("raw-delivery", "maybe").containsEntry("filter-policy-scope", "nowhere");
		assertThat(settings.hasOwnQueue("billing")).isTrue();
		assertThat(settings.hasOwnQueue("shipping")).isFalse();
		PropertyReader reader = settings.reader(events, "billing");
		assertThatThrownBy(() -> reader.enumValue("filter-policy-scope", Scope.class))
			.hasMessageContaining("ferry.destinations.order-events.subscription.listeners.billing.filter-policy-scope");
		assertThatThrownBy(() -> reader.bool("raw-delivery", true))
			.hasMessageContaining("ferry.destinations.order-events.subscription.raw-delivery");
	}

}
