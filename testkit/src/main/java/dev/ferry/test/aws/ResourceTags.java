package dev.ferry.test.aws;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags of a stand-in's resources by ARN, so that tagging calls are honoured and observable rather
 * than ignored. Tag count and length limits are not enforced. Thread-safe. Internal to the stand-ins.
 */
public final class ResourceTags {

	private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

	/**
	 * Adds or overwrites tags.
	 * @param arn the resource
	 * @param added the tags to set
	 */
	public void tag(String arn, Map<String, String> added) {
		this.tags.compute(arn, (key, current) -> {
			Map<String, String> updated = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
			updated.putAll(added);
			return updated;
		});
	}

	/**
	 * Removes tags by key; unknown keys are ignored.
	 * @param arn the resource
	 * @param keys the keys to remove
	 */
	public void untag(String arn, Collection<String> keys) {
		this.tags.computeIfPresent(arn, (key, current) -> {
			Map<String, String> updated = new LinkedHashMap<>(current);
			keys.forEach(updated::remove);
			return updated;
		});
	}

	/**
	 * @param arn the resource
	 * @return a copy of its tags, empty when it has none
	 */
	public Map<String, String> list(String arn) {
		return Map.copyOf(this.tags.getOrDefault(arn, Map.of()));
	}

	/**
	 * Forgets a deleted resource.
	 * @param arn the resource
	 */
	public void remove(String arn) {
		this.tags.remove(arn);
	}

}
