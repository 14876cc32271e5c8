/**
 * {@code @FerryListener} method processing: discovery, signature adaptation, idempotency keys.
 */
@NullMarked
package dev.ferry.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
