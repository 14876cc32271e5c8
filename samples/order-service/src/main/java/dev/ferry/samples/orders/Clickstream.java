package dev.ferry.samples.orders;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's clickstream: {@code POST /clicks} publishes {@link PageViewed} to the logical
 * destination {@code clickstream}, keyed by user; a listener keeps each user's pages in the order
 * they were viewed ({@code GET /clicks}). Which transport carries it is configuration only: an SQS
 * queue by default (the sample's {@code default-transport}), a Kinesis stream with the
 * {@code kinesis} profile ({@code application-kinesis.yml}).
 */
@RestController
public class Clickstream {

	private final MessagePublisher publisher;

	private final Map<String, List<String>> pagesByUser = new ConcurrentHashMap<>();

	public Clickstream(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/clicks")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public void viewed(@RequestBody PageViewed view) {
		this.publisher.publish(OutboundMessage.to("clickstream").payload(view).key(view.user()).build());
	}

	@FerryListener(destination = "clickstream", id = "page-views")
	public void onView(PageViewed view, MessageContext context) {
		this.pagesByUser.computeIfAbsent(view.user(), user -> new CopyOnWriteArrayList<>()).add(view.page());
	}

	/** Pages per user, in the order each user's views were handled. */
	@GetMapping("/clicks")
	public Map<String, List<String>> pagesByUser() {
		return new TreeMap<>(this.pagesByUser);
	}

}
