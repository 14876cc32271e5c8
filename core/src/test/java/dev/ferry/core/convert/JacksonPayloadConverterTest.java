package dev.ferry.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import org.junit.jupiter.api.Test;

class JacksonPayloadConverterTest {

	sealed interface Event permits Created, Cancelled {
	}

	record Created(String id, List<String> items) implements Event {
	}

	record Cancelled(String id, String reason) implements Event {
	}

	private final JacksonPayloadConverter converter = new JacksonPayloadConverter();

	@Test
	void roundTripsARecordAndNamesItsType() {
		PayloadConverter.Encoded encoded = this.converter.encode(new Created("o-1", List.of("a")));

		assertThat(encoded.typeId()).isEqualTo(Created.class.getName());
		assertThat(encoded.contentType()).isEqualTo("application/json");
		assertThat(this.converter.decode(encoded.body(), typeHeader(encoded.typeId()), Created.class))
			.isEqualTo(new Created("o-1", List.of("a")));
	}

	@Test
	void typeHeaderSelectsTheSubtypeOfTheListenersParameterType() {
		PayloadConverter.Encoded encoded = this.converter.encode(new Cancelled("o-2", "customer"));

		Object decoded = this.converter.decode(encoded.body(), typeHeader(encoded.typeId()), Event.class);

		assertThat(decoded).isEqualTo(new Cancelled("o-2", "customer"));
	}

	@Test
	void typeHeaderNamingAnUnrelatedTrustedTypeIsRejected() {
		byte[] body = "{\"id\":\"o-3\",\"items\":[]}".getBytes(StandardCharsets.UTF_8);

		assertThatThrownBy(() -> this.converter.decode(body, typeHeader(Cancelled.class.getName()), Created.class))
			.isInstanceOf(DeserializationException.class)
			.hasMessageContaining(Cancelled.class.getName())
			.hasMessageContaining(Created.class.getName());
	}

	@Test
	void typeHeaderNamingAnUnrelatedKnownTypeIsRejected() {
		byte[] body = "{\"id\":\"o-3\",\"items\":[]}".getBytes(StandardCharsets.UTF_8);

		assertThatThrownBy(() -> this.converter.decode(body, typeHeader(Map.class.getName()), Created.class))
			.isInstanceOf(DeserializationException.class)
			.hasMessageContaining("java.util.Map")
			.hasMessageContaining(Created.class.getName());
	}

	@Test
	void typeHeaderNamingAClassOutsideTheTrustedPackagesIsRejectedEvenWhenAssignable() {
		byte[] body = "{\"id\":\"o-3\"}".getBytes(StandardCharsets.UTF_8);

		// java.util is never trusted from a listener of Object: HashMap may not be chosen by a sender
		assertThatThrownBy(() -> this.converter.decode(body, typeHeader("java.util.HashMap"), Object.class))
			.isInstanceOf(DeserializationException.class)
			.hasMessageContaining("java.util.HashMap, which is not in a trusted package")
			.hasMessageContaining("ferry.conversion.trusted-packages");
		// a name that is not a class name at all is ignored like an unknown one
		assertThat(this.converter.decode(body, typeHeader("[Ljava.util.HashMap;"), Object.class))
			.isEqualTo(Map.of("id", "o-3"));
	}

	@Test
	void unknownTypeNameFromAnotherServiceFallsBackToTheParameterType() {
		byte[] body = "{\"id\":\"o-4\",\"items\":[\"x\"]}".getBytes(StandardCharsets.UTF_8);

		Object decoded = this.converter.decode(body, typeHeader("com.example.other.OrderCreated"), Created.class);

		assertThat(decoded).isEqualTo(new Created("o-4", List.of("x")));
	}

	@Test
	void malformedJsonIsADeserializationException() {
		byte[] body = "{\"id\":".getBytes(StandardCharsets.UTF_8);

		assertThatThrownBy(() -> this.converter.decode(body, Headers.empty(), Created.class))
			.isInstanceOf(DeserializationException.class)
			.hasMessageContaining("Cannot read payload as");
	}

	@Test
	void jsonNullIsADeserializationException() {
		assertThatThrownBy(() -> this.converter.decode("null".getBytes(StandardCharsets.UTF_8), Headers.empty(),
				Created.class))
			.isInstanceOf(DeserializationException.class);
	}

	@Test
	void stringsAndBytesPassThrough() {
		PayloadConverter.Encoded text = this.converter.encode("héllo");
		assertThat(text.contentType()).isEqualTo("text/plain");
		assertThat(this.converter.decode(text.body(), Headers.empty(), String.class)).isEqualTo("héllo");
		byte[] raw = { 1, 2, 3 };
		assertThat(this.converter.decode(this.converter.encode(raw).body(), Headers.empty(), byte[].class)).isEqualTo(raw);
	}

	private static Headers typeHeader(String type) {
		return Headers.of(Map.of(FerryHeaders.TYPE, type));
	}

}
