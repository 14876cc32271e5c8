package dev.ferry.test.faults;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.jspecify.annotations.Nullable;
import scala.Option;

/**
 * An ElasticMQ whose SQS endpoint can be stopped and started again on the same port while its queues
 * and messages live on, as SQS keeps them through an outage of the endpoint a client sees. The
 * queue manager actor belongs to an actor system of our own, so stopping the REST server does not
 * take the queues with it (a plain {@code ElasticMqServer} loses them on stop).
 */
final class RestartableElasticMq implements AutoCloseable {

	private final ActorSystem system = ActorSystem.create("ferry-faults-sqs");

	private final ActorRef queues = this.system.actorOf(Props.create(QueueManagerActor.class,
			() -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.empty())));

	private @Nullable SQSRestServer server;

	private int port;

	synchronized RestartableElasticMq start() {
		if (this.server == null) {
			var builder = SQSRestServerBuilder.withActorSystem(this.system)
				.withQueueManagerActor(this.queues)
				.withInterface("127.0.0.1")
				.withAWSRegion("us-east-1");
			SQSRestServer started = (this.port == 0 ? builder.withDynamicPort() : builder.withPort(this.port)).start();
			this.port = started.waitUntilStarted().localAddress().getPort();
			this.server = started;
		}
		return this;
	}

	/** Stops the endpoint: clients get connection errors until {@link #start()}. */
	synchronized void stopEndpoint() {
		if (this.server != null) {
			this.server.stopAndWait();
			this.server = null;
		}
	}

	synchronized URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	@Override
	public synchronized void close() throws Exception {
		stopEndpoint();
		this.system.terminate();
		scala.concurrent.Await.ready(this.system.whenTerminated(),
				scala.concurrent.duration.Duration.create(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS));
	}

}
