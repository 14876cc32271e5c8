package dev.ferry.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/configuration.md and the generated configuration metadata in step: every property the
 * metadata lists, and every destination property, is documented.
 */
class ConfigurationDocsTests {

	private static final Path DOCS = Path.of("..", "docs", "configuration.md");

	@Test
	void metadataIsGeneratedWithDescriptions() throws IOException {
		JsonNode metadata = metadata();
		assertThat(metadata.get("properties").size()).isGreaterThan(10);
		for (JsonNode property : metadata.get("properties")) {
			String description = property.path("description").asString("");
			assertThat(description).as(property.get("name").asString()).isNotBlank().doesNotStartWith("The ")
				.doesNotStartWith("A ");
			if ("java.lang.Boolean".equals(property.path("type").asString(""))) {
				assertThat(description).as(property.get("name").asString()).startsWith("Whether");
			}
		}
	}

	@Test
	void everyGlobalPropertyIsDocumented() throws IOException {
		String docs = Files.readString(DOCS);
		List<String> missing = new ArrayList<>();
		for (JsonNode property : metadata().get("properties")) {
			String name = property.get("name").asString();
			if (!docs.contains("`" + name + "`")) {
				missing.add(name);
			}
		}
		assertThat(missing).as("properties missing from " + DOCS).isEmpty();
	}

	@Test
	void everyDestinationPropertyIsDocumented() throws IOException {
		String docs = Files.readString(DOCS);
		List<String> names = new ArrayList<>();
		collect("", FerryProperties.Destination.class, names);
		List<String> missing = names.stream().filter(name -> !docs.contains("| `" + name)).toList();
		assertThat(names).contains("retry.max-attempts", "dead-letter.resource", "idempotency.lease", "properties");
		assertThat(missing).as("destination properties missing from " + DOCS).isEmpty();
	}

	private static void collect(String prefix, Class<?> type, List<String> names) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
			if (field.getType().getName().startsWith(FerryProperties.class.getName())) {
				collect(name + ".", field.getType(), names);
			}
			else {
				names.add(name);
			}
		}
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = ConfigurationDocsTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
