package dev.ferry.testgadget;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records which gadget classes were initialized or instantiated. Kept apart from the gadgets so a
 * test can read it without touching (and so initializing) a gadget class.
 */
public final class GadgetRecorder {

	private static final Set<String> initialized = ConcurrentHashMap.newKeySet();

	private static final Set<String> constructed = ConcurrentHashMap.newKeySet();

	private GadgetRecorder() {
	}

	static void initialized(String name) {
		initialized.add(name);
	}

	static void constructed(String name) {
		constructed.add(name);
	}

	public static boolean wasInitialized(String className) {
		return initialized.contains(className);
	}

	public static boolean wasConstructed(String className) {
		return constructed.contains(className);
	}

}
