package dev.ferry.test.sqs;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * JUnit 5 extension that provides an in-process SQS ({@link ElasticMqServer}): one server for the
 * whole test run (started on first use, stopped when the run ends) and one {@link SqsAsyncClient}
 * per test class. Test methods, constructors and lifecycle methods may declare parameters of either
 * type.
 *
 * <pre>{@code
 * @ExtendWith(LocalSqsExtension.class)
 * class OrderListenerTests {
 *     @Test
 *     void consumes(SqsAsyncClient sqs, ElasticMqServer server) { ... }
 * }
 * }</pre>
 */
public final class LocalSqsExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalSqsExtension.class);

	/** The server shared by every test of the run. */
	public static ElasticMqServer server(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("server", key -> new ElasticMqServer().start(), ElasticMqServer.class);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		client(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		SqsAsyncClient client = context.getStore(NAMESPACE).remove("client", SqsAsyncClient.class);
		if (client != null) {
			client.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == ElasticMqServer.class || type == SqsAsyncClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
			throws ParameterResolutionException {
		return parameter.getParameter().getType() == ElasticMqServer.class ? server(context) : client(context);
	}

	private static SqsAsyncClient client(ExtensionContext context) {
		ExtensionContext classContext = context.getTestClass().isPresent() ? classContext(context) : context;
		return classContext.getStore(NAMESPACE)
			.computeIfAbsent("client", key -> server(context).createClient(), SqsAsyncClient.class);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getParent().isPresent() && current.getTestMethod().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

}
