-- Ferry idempotency records (JdbcIdempotencyStore), MariaDB (and MySQL 8).
-- expires_at: end of the lease (IN_PROGRESS) or of the record (COMPLETED), epoch milliseconds.
-- Rows past expires_at are free keys; JdbcIdempotencyStore.purgeExpired() deletes them.
-- The key column compares bytes without padding, so keys differing only in case or trailing spaces
-- stay distinct (on MySQL 8 use COLLATE utf8mb4_0900_bin instead; createTableIfMissing() does).
CREATE TABLE IF NOT EXISTS ferry_idempotency (
    id         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL,
    INDEX ferry_idempotency_expires_at (expires_at)
) ENGINE = InnoDB;
