package dev.ferry.autoconfigure.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.autoconfigure.FerryDestinations;
import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@code @FerryListener} methods on beans and registers them with the {@link Ferry} runtime
 * once every singleton exists (so collecting listeners never forces Ferry to be created early).
 * The listeners start with Ferry's lifecycle, after the context is refreshed.
 *
 * <p>Attribute values {@code destination}, {@code id} and {@code concurrency} may use property
 * placeholders. The id defaults to {@code beanName.methodName}; concurrency to the destination's
 * {@code concurrency}, else {@code ferry.listener.concurrency}.
 */
public final class FerryListenerAnnotationProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	private final List<Found> pending = new ArrayList<>();

	private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableBeanFactory beanFactory;

	private volatile boolean registered;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (this.withoutListeners.contains(type)) {
			return bean;
		}
		Map<Method, FerryListener> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<FerryListener>) method -> AnnotatedElementUtils
					.findMergedAnnotation(method, FerryListener.class));
		if (methods.isEmpty()) {
			this.withoutListeners.add(type);
			return bean;
		}
		methods.forEach((method, annotation) -> {
			Found found = new Found(bean, beanName, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation);
			synchronized (this.pending) {
				if (this.registered) {
					register(found);
				}
				else {
					this.pending.add(found);
				}
			}
		});
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this.pending) {
			for (Found found : this.pending) {
				register(found);
			}
			this.pending.clear();
			this.registered = true;
		}
	}

	private void register(Found found) {
		ConfigurableBeanFactory factory = beanFactory();
		ListenerDefinition definition = definition(found, factory.getBean(FerryDestinations.class));
		try {
			factory.getBean(Ferry.class).listen(definition);
		}
		catch (FerryConfigurationException ex) {
			throw new FerryConfigurationException("@FerryListener " + ListenerMethodAdapter.describe(found.method())
					+ ": " + ex.getMessage());
		}
	}

	private ListenerDefinition definition(Found found, FerryDestinations destinations) {
		FerryListener annotation = found.annotation();
		String where = ListenerMethodAdapter.describe(found.method());
		String destination = resolve(annotation.destination());
		if (!StringUtils.hasText(destination)) {
			throw new FerryConfigurationException("@FerryListener on " + where + " names no destination; set "
					+ "destination to a name defined under ferry.destinations");
		}
		String id = StringUtils.hasText(annotation.id()) ? resolve(annotation.id())
				: found.beanName() + "." + found.method().getName();
		ListenerMethodAdapter adapter = ListenerMethodAdapter.of(found.bean(), found.method(), annotation.batch());
		ListenerDefinition.Builder builder = ListenerDefinition.builder(id, destination, adapter.payloadType());
		if (adapter.isBatch()) {
			builder.batchHandler(adapter.batchHandler());
		}
		else {
			builder.handler(adapter.handler());
		}
		builder.concurrency(concurrency(annotation, where, destination, destinations))
			.maxBatchSize(annotation.maxBatchSize())
			.processingTimeout(destinations.processingTimeout(destination))
			.idempotent(switch (annotation.idempotent()) {
				case ON -> Boolean.TRUE;
				case OFF -> Boolean.FALSE;
				case DEFAULT -> null;
			});
		if (StringUtils.hasText(annotation.idempotencyKey())) {
			builder.keyStrategy(new SpelIdempotencyKeyStrategy(annotation.idempotencyKey(), where));
		}
		return builder.build();
	}

	private int concurrency(FerryListener annotation, String where, String destination,
			FerryDestinations destinations) {
		if (!StringUtils.hasText(annotation.concurrency())) {
			return destinations.concurrency(destination);
		}
		String value = resolve(annotation.concurrency());
		try {
			int concurrency = Integer.parseInt(value.trim());
			if (concurrency < 1) {
				throw new NumberFormatException();
			}
			return concurrency;
		}
		catch (NumberFormatException ex) {
			throw new FerryConfigurationException("@FerryListener concurrency of " + where + " resolved to '" + value
					+ "'; it must be a whole number of at least 1 (a literal or a ${...} placeholder)");
		}
	}

	private String resolve(String value) {
		String resolved = beanFactory().resolveEmbeddedValue(value);
		return resolved != null ? resolved : value;
	}

	private ConfigurableBeanFactory beanFactory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("BeanFactory not set");
		}
		return this.beanFactory;
	}

	private record Found(Object bean, String beanName, Method method, FerryListener annotation) {
	}

}
