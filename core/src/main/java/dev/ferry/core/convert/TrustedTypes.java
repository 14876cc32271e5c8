package dev.ferry.core.convert;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.ferry.core.FerryConfigurationException;

/**
 * Which classes a message's type header may select. Anyone who can send to a queue or topic
 * controls that header, so it may name only a class in a trusted package:
 * <ul>
 * <li>the packages of the listeners' declared parameter types (and of the permitted subclasses of
 * sealed ones), learnt through {@link #trustDeclared(Type)} when a listener is registered — except
 * the JDK's own packages ({@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*},
 * {@code com.sun.*}), so a listener of {@code Object} or {@code Map} does not open {@code java.lang};</li>
 * <li>the configured packages ({@code ferry.conversion.trusted-packages}): {@code com.acme.orders}
 * trusts that package only, {@code com.acme.*} trusts {@code com.acme} and every package below it;</li>
 * <li>{@code *} trusts every class on the classpath: an explicit choice, reported by the hardening
 * rule {@value #TRUST_ALL_RULE}.</li>
 * </ul>
 * The check looks at the name only; it never loads a class, so an untrusted class is neither
 * loaded, initialized nor instantiated.
 *
 * <p>Thread-safe: declared types are added while listeners register, checks run on every message.
 */
public final class TrustedTypes {

	/** Entry of {@code ferry.conversion.trusted-packages} that trusts every class. */
	public static final String ALL = "*";

	/** Hardening rule reported when every class is trusted. */
	public static final String TRUST_ALL_RULE = "FERRY-TYPE-001";

	/**
	 * Longest type name considered. Binary class names are far shorter; a longer header value is
	 * treated as untrusted without further work.
	 */
	static final int MAX_NAME_LENGTH = 512;

	private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";

	private static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

	private static final Pattern PACKAGE_ENTRY = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*(\\.\\*)?");

	private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private final boolean all;

	private final Set<String> exact;

	private final List<String> prefixes;

	private final Set<String> configured;

	private final Set<String> declared = ConcurrentHashMap.newKeySet();

	private TrustedTypes(boolean all, Set<String> exact, List<String> prefixes, Set<String> configured) {
		this.all = all;
		this.exact = exact;
		this.prefixes = prefixes;
		this.configured = configured;
	}

	/** Trusts only the packages of declared listener types. */
	public static TrustedTypes declaredOnly() {
		return of(List.of());
	}

	/**
	 * @param packages configured entries: package names, {@code package.*}, or {@code *}
	 * @throws FerryConfigurationException naming {@code ferry.conversion.trusted-packages} when an
	 * entry is not a package name
	 */
	public static TrustedTypes of(Collection<String> packages) {
		boolean all = false;
		Set<String> exact = new HashSet<>();
		List<String> prefixes = new ArrayList<>();
		Set<String> configured = new LinkedHashSet<>();
		for (String raw : packages) {
			String entry = raw == null ? "" : raw.trim();
			if (entry.equals(ALL)) {
				all = true;
			}
			else if (PACKAGE_ENTRY.matcher(entry).matches()) {
				if (entry.endsWith(".*")) {
					String base = entry.substring(0, entry.length() - 2);
					exact.add(base);
					prefixes.add(base + ".");
				}
				else {
					exact.add(entry);
				}
			}
			else {
				throw new FerryConfigurationException("ferry.conversion.trusted-packages entries must be package names "
						+ "(com.acme.orders), package trees (com.acme.*) or * for every class; was '" + raw + "'");
			}
			configured.add(entry);
		}
		return new TrustedTypes(all, Set.copyOf(exact), List.copyOf(prefixes), Set.copyOf(configured));
	}

	/** Whether every class is trusted ({@code *} was configured). */
	public boolean trustsAll() {
		return this.all;
	}

	/** The configured entries, as given. */
	public Set<String> configured() {
		return this.configured;
	}

	/** Packages learnt from declared listener types so far. */
	public Set<String> declaredPackages() {
		return Set.copyOf(this.declared);
	}

	/**
	 * Trusts the package of a listener's declared parameter type: of its class, its type arguments,
	 * and, for sealed types, of every permitted subclass (transitively). JDK packages are skipped.
	 */
	public void trustDeclared(Type type) {
		collect(type, new HashSet<>());
	}

	/**
	 * Whether a type header may select the class of this binary name. A name that is not a
	 * well-formed binary class name (array notation, blanks, over {@value #MAX_NAME_LENGTH}
	 * characters) is never trusted, not even by {@code *}.
	 */
	public boolean trusts(String className) {
		if (!isClassName(className)) {
			return false;
		}
		if (this.all) {
			return true;
		}
		int dot = className.lastIndexOf('.');
		String pkg = dot < 0 ? "" : className.substring(0, dot);
		if (this.exact.contains(pkg) || this.declared.contains(pkg)) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (pkg.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** Whether this is a well-formed binary class name of at most {@value #MAX_NAME_LENGTH} characters. */
	public static boolean isClassName(String name) {
		return name.length() <= MAX_NAME_LENGTH && CLASS_NAME.matcher(name).matches();
	}

	private void collect(Type type, Set<Type> seen) {
		if (!seen.add(type)) {
			return;
		}
		if (type instanceof Class<?> cls) {
			if (cls.isArray()) {
				collect(cls.getComponentType(), seen);
				return;
			}
			if (cls.isPrimitive()) {
				return;
			}
			String pkg = cls.getPackageName();
			if (JDK_PACKAGES.stream().noneMatch(pkg::startsWith)) {
				this.declared.add(pkg);
			}
			if (cls.isSealed()) {
				for (Class<?> permitted : cls.getPermittedSubclasses()) {
					collect(permitted, seen);
				}
			}
		}
		else if (type instanceof ParameterizedType parameterized) {
			collect(parameterized.getRawType(), seen);
			for (Type argument : parameterized.getActualTypeArguments()) {
				collect(argument, seen);
			}
		}
		else if (type instanceof GenericArrayType array) {
			collect(array.getGenericComponentType(), seen);
		}
		else if (type instanceof WildcardType wildcard) {
			for (Type bound : wildcard.getUpperBounds()) {
				collect(bound, seen);
			}
		}
		else if (type instanceof TypeVariable<?> variable) {
			for (Type bound : variable.getBounds()) {
				collect(bound, seen);
			}
		}
	}

	@Override
	public String toString() {
		return "TrustedTypes[configured=" + this.configured + ", declared=" + this.declared + "]";
	}

}
