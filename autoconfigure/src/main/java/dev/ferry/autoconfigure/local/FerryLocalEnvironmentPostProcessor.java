package dev.ferry.autoconfigure.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

/**
 * {@code ferry.local.enabled=true}: starts the available {@link LocalStandIn}s before the context
 * (and so any AWS client) is created, and adds their properties with the lowest precedence, so
 * whatever the user configured wins. The started stand-ins become the {@link LocalStandIns} bean,
 * which stops them when the context closes.
 *
 * <p>Runs after the config data post-processor, so {@code application.yml} can switch it on.
 */
public final class FerryLocalEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the stand-ins' properties. */
	public static final String PROPERTY_SOURCE_NAME = "ferryLocalStandIns";

	private final Log logger;

	public FerryLocalEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(FerryLocalEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 100;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("ferry.local.enabled", Boolean.class).orElse(false)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		List<String> wanted = binder.bind("ferry.local.stand-ins", String[].class).map(List::of).orElse(List.of());
		ClassLoader classLoader = application.getClassLoader() != null ? application.getClassLoader()
				: ClassUtils.getDefaultClassLoader();
		List<LocalStandIn.Started> started = new ArrayList<>();
		Map<String, Object> properties = new LinkedHashMap<>();
		try {
			for (LocalStandIn standIn : SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
				.load(LocalStandIn.class)) {
				if (!wanted.isEmpty() && !wanted.contains(standIn.name())) {
					continue;
				}
				if (!standIn.isAvailable(classLoader)) {
					this.logger.warn("ferry.local: no stand-in for " + standIn.name()
							+ " on the classpath; add the ferry-test dependency to run it locally");
					continue;
				}
				if (!standIn.shouldStart(environment)) {
					this.logger.info("ferry.local: " + standIn.name() + " is configured explicitly; not starting its "
							+ "stand-in");
					continue;
				}
				LocalStandIn.Started running = standIn.start(environment);
				started.add(running);
				running.properties().forEach(properties::putIfAbsent);
				this.logger.info("ferry.local: started " + running.description());
			}
		}
		catch (RuntimeException ex) {
			new LocalStandIns(started, this.logger).close();
			throw ex;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		LocalStandIns standIns = new LocalStandIns(started, this.logger);
		application.addInitializers(context -> {
			if (context instanceof BeanDefinitionRegistry registry) {
				RootBeanDefinition definition = new RootBeanDefinition(LocalStandIns.class, () -> standIns);
				definition.setDestroyMethodName("close");
				registry.registerBeanDefinition(LocalStandIns.BEAN_NAME, definition);
			}
			else {
				context.getBeanFactory().registerSingleton(LocalStandIns.BEAN_NAME, standIns);
				context.addApplicationListener(event -> {
					if (event instanceof org.springframework.context.event.ContextClosedEvent) {
						standIns.close();
					}
				});
			}
		});
	}

}
