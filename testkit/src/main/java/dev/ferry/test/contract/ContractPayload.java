package dev.ferry.test.contract;

import java.util.List;
import java.util.Map;

/**
 * Payload used by the contract suite; nested on purpose so conversion is exercised.
 *
 * @param id test-chosen id
 * @param amount a number
 * @param tags a list
 * @param attributes a map
 */
public record ContractPayload(String id, long amount, List<String> tags, Map<String, String> attributes) {

	public static ContractPayload of(String id) {
		return new ContractPayload(id, id.length() * 100L, List.of("a", "b"), Map.of("k", id));
	}

}
