-- Ferry idempotency records (JdbcIdempotencyStore), PostgreSQL.
-- expires_at: end of the lease (IN_PROGRESS) or of the record (COMPLETED), epoch milliseconds.
-- Rows past expires_at are free keys; JdbcIdempotencyStore.purgeExpired() deletes them.
CREATE TABLE IF NOT EXISTS ferry_idempotency (
    id         VARCHAR(255) NOT NULL PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ferry_idempotency_expires_at ON ferry_idempotency (expires_at);
