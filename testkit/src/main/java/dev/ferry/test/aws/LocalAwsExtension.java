package dev.ferry.test.aws;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts {@link LocalAws} once per test class and stops it afterwards.
 *
 * <p>Use {@code @ExtendWith(LocalAwsExtension.class)} and take a {@link LocalAws} (or
 * {@link AwsEndpoints}) parameter in a test, lifecycle or constructor method; or declare
 * {@code @RegisterExtension static LocalAwsExtension aws = new LocalAwsExtension();} and call
 * {@link #localAws()}. Resources created by one test stay visible to the next test of the class.
 */
public final class LocalAwsExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);

	private final LocalAwsOptions options;

	private volatile @Nullable LocalAws current;

	/** Uses {@link LocalAwsOptions#defaults()}. */
	public LocalAwsExtension() {
		this(LocalAwsOptions.defaults());
	}

	/**
	 * @param options the settings of the stand-ins
	 */
	public LocalAwsExtension(LocalAwsOptions options) {
		this.options = options;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		started(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		LocalAws aws = context.getStore(NAMESPACE).remove(LocalAws.class, LocalAws.class);
		if (aws != null) {
			aws.close();
		}
		this.current = null;
	}

	/** Starts the stand-ins once per test class; constructor injection may come before beforeAll. */
	private LocalAws started(ExtensionContext context) {
		ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElse(context)
				: context;
		LocalAws aws = classContext.getStore(NAMESPACE).computeIfAbsent(LocalAws.class,
				(key) -> LocalAws.start(this.options), LocalAws.class);
		this.current = aws;
		return aws;
	}

	/**
	 * @return the running stand-ins of the current test class
	 * @throws IllegalStateException when called outside a test class lifecycle
	 */
	public LocalAws localAws() {
		LocalAws aws = this.current;
		if (aws == null) {
			throw new IllegalStateException("LocalAwsExtension has not started: register it on a static field");
		}
		return aws;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == LocalAws.class || type == AwsEndpoints.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return started(context);
	}

}
