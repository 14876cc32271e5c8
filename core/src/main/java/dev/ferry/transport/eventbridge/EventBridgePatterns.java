package dev.ferry.transport.eventbridge;

import dev.ferry.core.FerryConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import software.amazon.event.ruler.JsonRuleCompiler;
import tools.jackson.core.JacksonException;

/**
 * Reads an event pattern given in yml, as JSON text or as YAML, and validates it at start-up with
 * AWS's own matcher (event-ruler), so a mistyped pattern stops start-up with a message naming the
 * property instead of a rule that silently matches nothing.
 */
public final class EventBridgePatterns {

	private EventBridgePatterns() {
	}

	/**
	 * @param text the pattern, JSON (starting with <code>{</code>) or YAML
	 * @param property the property it came from, for the error
	 * @return the pattern as compact JSON, as PutRule takes it
	 * @throws FerryConfigurationException naming the property when the text is no valid pattern
	 */
	public static String toJson(String text, String property) {
		String trimmed = text.trim();
		String json;
		if (trimmed.startsWith("{")) {
			try {
				json = EventBridgeHeaders.MAPPER.writeValueAsString(EventBridgeHeaders.MAPPER.readTree(trimmed));
			}
			catch (JacksonException ex) {
				throw new FerryConfigurationException(property + " is not valid JSON: " + ex.getOriginalMessage());
			}
		}
		else {
			Object yaml;
			try {
				yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(trimmed);
			}
			catch (YAMLException ex) {
				throw new FerryConfigurationException(property + " is neither JSON nor valid YAML: " + ex.getMessage());
			}
			if (!(yaml instanceof java.util.Map)) {
				throw new FerryConfigurationException(property + " must be an event pattern object (JSON or YAML), was '"
						+ trimmed + "'");
			}
			json = EventBridgeHeaders.MAPPER.writeValueAsString(yaml);
		}
		String problem;
		try {
			problem = JsonRuleCompiler.check(json);
		}
		catch (RuntimeException ex) {
			problem = String.valueOf(ex.getMessage());
		}
		if (problem != null) {
			throw new FerryConfigurationException(property + " is not a valid EventBridge event pattern: " + problem
					+ " (pattern " + json + "). See https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html");
		}
		return json;
	}

}
