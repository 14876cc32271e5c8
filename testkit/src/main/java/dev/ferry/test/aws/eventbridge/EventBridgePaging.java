package dev.ferry.test.aws.eventbridge;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * Limit / NextToken paging for the list actions; NextToken is the Base64 of the next start index.
 */
final class EventBridgePaging {

	/**
	 * Largest Limit a list action accepts.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html
	 */
	static final int MAX_LIMIT = 100;

	private EventBridgePaging() {
	}

	static <T> List<T> page(EventBridgeRequest request, List<T> all, ObjectNode response) {
		int limit = request.has("Limit") ? request.node().path("Limit").asInt() : MAX_LIMIT;
		if (limit < 1 || limit > MAX_LIMIT) {
			throw EventBridgeFault.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed "
					+ "to satisfy constraint: Member must have value between 1 and " + MAX_LIMIT);
		}
		int from = 0;
		String token = request.text("NextToken");
		if (token != null) {
			try {
				from = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw EventBridgeFault.validation("The NextToken is not valid.");
			}
		}
		from = Math.max(0, Math.min(from, all.size()));
		int to = Math.min(from + limit, all.size());
		if (to < all.size()) {
			response.put("NextToken",
					Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
		}
		return all.subList(from, to);
	}

}
