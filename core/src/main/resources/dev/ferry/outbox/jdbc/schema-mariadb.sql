-- Ferry transactional outbox (JdbcOutbox), MariaDB 10.6 or later (the relay uses SKIP LOCKED).
-- One row per message published inside a transaction, encoded as it goes on the wire; the relay
-- sends rows in id order and deletes them once the transport accepted them.
-- failed = 1: the transport refused the message for good (last_error says why); kept, never resent.
-- created_at: epoch milliseconds. headers: a JSON object of string values.
CREATE TABLE IF NOT EXISTS ferry_outbox (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    destination      VARCHAR(255)  NOT NULL,
    message_id       VARCHAR(255)  NOT NULL,
    msg_key          VARCHAR(512)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
    deduplication_id VARCHAR(255)  NULL,
    delay_ms         BIGINT        NOT NULL,
    headers          MEDIUMTEXT    CHARACTER SET utf8mb4 NOT NULL,
    body             LONGBLOB      NOT NULL,
    created_at       BIGINT        NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    failed           SMALLINT      NOT NULL DEFAULT 0,
    last_error       VARCHAR(1000) CHARACTER SET utf8mb4 NULL,
    INDEX ferry_outbox_key (msg_key)
) ENGINE = InnoDB;
