package dev.ferry.samples.orders;

/**
 * Asks for an invoice of a processed order; consumed in batches.
 *
 * @param orderId the order
 * @param amountCents amount to invoice
 */
public record InvoiceRequested(String orderId, long amountCents) {
}
