package dev.ferry.test.aws.eventbridge;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.event.ruler.Machine;

/**
 * A rule on an event bus: its pattern compiled into an event-ruler {@link Machine}, its state and
 * its targets in insertion order. Guarded by the registry's lock.
 */
final class EventRule {

	private final String name;

	private final String busName;

	private final String arn;

	private String pattern;

	private String state;

	private @Nullable String description;

	private @Nullable String roleArn;

	private Machine machine;

	private final Map<String, EventTarget> targets = new LinkedHashMap<>();

	EventRule(String name, String busName, String arn, String pattern, String state, @Nullable String description) {
		this.name = name;
		this.busName = busName;
		this.arn = arn;
		this.pattern = pattern;
		this.state = state;
		this.description = description;
		this.machine = compile(pattern);
	}

	static Machine compile(String pattern) {
		Machine machine = Machine.builder().build();
		try {
			machine.addRule("rule", pattern);
		}
		catch (Exception ex) {
			throw new EventBridgeFault("InvalidEventPatternException", 400,
					"Event pattern is not valid. Reason: " + ex.getMessage());
		}
		return machine;
	}

	void update(String pattern, String state, @Nullable String description) {
		this.machine = compile(pattern);
		this.pattern = pattern;
		this.state = state;
		this.description = description;
	}

	boolean matches(String eventJson) {
		try {
			return "ENABLED".equals(this.state) && !this.machine.rulesForJSONEvent(eventJson).isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

	String name() {
		return this.name;
	}

	String busName() {
		return this.busName;
	}

	String arn() {
		return this.arn;
	}

	String pattern() {
		return this.pattern;
	}

	String state() {
		return this.state;
	}

	void state(String state) {
		this.state = state;
	}

	@Nullable String description() {
		return this.description;
	}

	@Nullable String roleArn() {
		return this.roleArn;
	}

	void roleArn(@Nullable String roleArn) {
		this.roleArn = roleArn;
	}

	Map<String, EventTarget> targets() {
		return this.targets;
	}

}
