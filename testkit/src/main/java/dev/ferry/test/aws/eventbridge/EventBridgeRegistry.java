package dev.ferry.test.aws.eventbridge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.test.aws.LocalAwsAccount;
import org.jspecify.annotations.Nullable;

/**
 * The EventBridge stand-in's state: event buses (with {@code default} from the start) and the
 * rules of each bus. Callers synchronize on the registry for compound changes.
 */
final class EventBridgeRegistry {

	static final String DEFAULT_BUS = "default";

	private final Map<String, EventBus> buses = new LinkedHashMap<>();

	private final Map<String, Map<String, EventRule>> rules = new LinkedHashMap<>();

	EventBridgeRegistry() {
		addBus(new EventBus(DEFAULT_BUS, busArn(DEFAULT_BUS), null, Instant.now()));
	}

	/** One event bus. */
	record EventBus(String name, String arn, @Nullable String description, Instant created) {
	}

	static String busArn(String name) {
		return LocalAwsAccount.arn("events", "event-bus/" + name);
	}

	static String ruleArn(String busName, String ruleName) {
		return LocalAwsAccount.arn("events", DEFAULT_BUS.equals(busName) ? "rule/" + ruleName
				: "rule/" + busName + "/" + ruleName);
	}

	/** @return the bus name for an EventBusName parameter: a name, an ARN, or absent for {@code default} */
	static String busName(@Nullable String nameOrArn) {
		if (nameOrArn == null || nameOrArn.isEmpty()) {
			return DEFAULT_BUS;
		}
		int at = nameOrArn.indexOf(":event-bus/");
		return nameOrArn.startsWith("arn:") && at > 0 ? nameOrArn.substring(at + ":event-bus/".length()) : nameOrArn;
	}

	synchronized @Nullable EventBus findBus(String name) {
		return this.buses.get(name);
	}

	synchronized EventBus bus(String name) {
		EventBus bus = this.buses.get(name);
		if (bus == null) {
			throw EventBridgeFault.notFound("Event bus " + name + " does not exist.");
		}
		return bus;
	}

	synchronized void addBus(EventBus bus) {
		this.buses.put(bus.name(), bus);
		this.rules.put(bus.name(), new LinkedHashMap<>());
	}

	synchronized void removeBus(String name) {
		this.buses.remove(name);
		this.rules.remove(name);
	}

	synchronized List<EventBus> buses() {
		return new ArrayList<>(this.buses.values());
	}

	synchronized @Nullable EventRule findRule(String busName, String ruleName) {
		Map<String, EventRule> onBus = this.rules.get(busName);
		return onBus == null ? null : onBus.get(ruleName);
	}

	synchronized EventRule rule(String busName, String ruleName) {
		bus(busName);
		EventRule rule = findRule(busName, ruleName);
		if (rule == null) {
			throw EventBridgeFault.notFound("Rule " + ruleName + " does not exist on EventBus " + busName + ".");
		}
		return rule;
	}

	synchronized void addRule(EventRule rule) {
		this.rules.get(rule.busName()).put(rule.name(), rule);
	}

	synchronized void removeRule(String busName, String ruleName) {
		Map<String, EventRule> onBus = this.rules.get(busName);
		if (onBus != null) {
			onBus.remove(ruleName);
		}
	}

	synchronized List<EventRule> rules(String busName) {
		return new ArrayList<>(this.rules.getOrDefault(busName, Map.of()).values());
	}

	/** A consistent copy of the targets of the enabled rules that match {@code eventJson}. */
	synchronized List<Match> match(String busName, String eventJson) {
		List<Match> matches = new ArrayList<>();
		for (EventRule rule : rules(busName)) {
			if (rule.matches(eventJson)) {
				rule.targets().values().forEach((target) -> matches.add(new Match(rule.arn(), target)));
			}
		}
		return matches;
	}

	/** A target to deliver to, with the rule that matched. */
	record Match(String ruleArn, EventTarget target) {
	}

}
