package dev.ferry.test.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of one fault run, printed to the console and appended to
 * {@code target/fault-figures.txt} so a build leaves them behind.
 *
 * @param failedReported publishes whose future failed (or whose result was a rejection)
 * @param lost publishes that succeeded but never reached the handler or the dead-letter destination
 * @param duplicated handler runs beyond the first for one message
 * @param deadLettered messages in the dead-letter destination
 */
record FaultFigures(String transport, String scenario, int sent, int delivered, int failedReported, int lost,
		int duplicated, int deadLettered) {

	void print() {
		String line = String.format("FAULT %-6s %-22s sent=%d delivered=%d failed-reported=%d lost=%d duplicated=%d "
				+ "dead-lettered=%d", this.transport, this.scenario, this.sent, this.delivered, this.failedReported,
				this.lost, this.duplicated, this.deadLettered);
		System.out.println(line);
		try {
			Files.writeString(Path.of("target", "fault-figures.txt"), line + System.lineSeparator(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			System.out.println("(could not write target/fault-figures.txt: " + ex + ")");
		}
	}

}
