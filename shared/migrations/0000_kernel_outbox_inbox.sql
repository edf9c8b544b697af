-- The shared kernel's tables, created in every service's schema.
-- depends:

-- Events committed with the state change that raised them, until the relay sends them.
CREATE TABLE outbox (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id CHAR(36) NOT NULL,
    source VARCHAR(64) NOT NULL,
    detail_type VARCHAR(64) NOT NULL,
    detail LONGTEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    published_at DATETIME(6) NULL,
    attempts INT NOT NULL DEFAULT 0,
    UNIQUE KEY uq_outbox_event (event_id),
    KEY ix_outbox_unsent (published_at, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Events a consumer has handled, written in the same transaction as their effect.
CREATE TABLE inbox (
    event_id CHAR(36) NOT NULL PRIMARY KEY,
    detail_type VARCHAR(64) NOT NULL,
    processed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
