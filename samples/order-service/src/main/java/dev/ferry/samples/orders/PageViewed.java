package dev.ferry.samples.orders;

/**
 * A page view of the shop's clickstream.
 * @param user who viewed the page (the partition key: one user's views stay in order)
 * @param page the page
 */
public record PageViewed(String user, String page) {
}
