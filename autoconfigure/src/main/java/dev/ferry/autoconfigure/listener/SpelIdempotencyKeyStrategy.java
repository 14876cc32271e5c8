package dev.ferry.autoconfigure.listener;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.idempotency.IdempotencyKeyStrategy;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * Idempotency key from a SpEL expression ({@code @FerryListener(idempotencyKey = ...)}) over
 * {@code #payload} and {@code #context}. Evaluation is read-only data binding: properties and
 * record accessors, no type references or bean access. A null result means "no key": the message
 * is processed without idempotency.
 */
public final class SpelIdempotencyKeyStrategy implements IdempotencyKeyStrategy {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private final String source;

	private final Expression expression;

	/**
	 * @param expression the SpEL expression
	 * @param listener where it was declared, for the error message
	 * @throws FerryConfigurationException when the expression does not parse
	 */
	public SpelIdempotencyKeyStrategy(String expression, String listener) {
		this.source = expression;
		try {
			this.expression = PARSER.parseExpression(expression);
		}
		catch (ParseException ex) {
			throw new FerryConfigurationException("@FerryListener idempotencyKey of " + listener + " is not valid SpEL ("
					+ expression + "): " + ex.getMessage() + ". Write it over #payload and #context, e.g. #payload.orderId");
		}
	}

	@Override
	public @Nullable String keyFor(Object payload, MessageContext context) {
		EvaluationContext evaluation = SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().build();
		evaluation.setVariable("payload", payload);
		evaluation.setVariable("context", context);
		Object key = this.expression.getValue(evaluation);
		return key != null ? key.toString() : null;
	}

	@Override
	public String toString() {
		return "SpelIdempotencyKeyStrategy[" + this.source + "]";
	}

}
