package dev.ferry.benchmarks.pipeline;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH twin of the {@code pipeline} scenario: average time of one message through Ferry's pipeline
 * and through a direct handler call. Run: {@code java -jar ferry-benchmarks.jar jmh PipelineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
public class PipelineBenchmark {

	@Param({ "false", "true" })
	public boolean idempotent;

	private PipelineFixture fixture;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixture = new PipelineFixture(this.idempotent);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.fixture.close();
	}

	@Benchmark
	public Object ferryPipeline() {
		return this.fixture.viaFerry();
	}

	@Benchmark
	public Object directCall() {
		return this.fixture.direct();
	}

}
