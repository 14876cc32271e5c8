package dev.ferry.test.crash;

/** The payload of the crash tests: a numbered order. */
public record CrashOrder(int number) {
}
