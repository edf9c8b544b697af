-- reporting's read model: the division tree and one register row per risk, projected
-- from events that arrive at least once and in any order.
-- depends: 0000_kernel_outbox_inbox

-- No foreign keys: a risk may arrive before its division, a division before its parent.
CREATE TABLE divisions (
    id CHAR(36) NOT NULL PRIMARY KEY,
    parent_id CHAR(36) NULL,
    code VARCHAR(32) NOT NULL,
    name VARCHAR(200) NOT NULL,
    version INT NOT NULL,
    KEY ix_divisions_parent (parent_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The captured fields (from RiskCaptured, gated by risk_version) and the score fields
-- (from RiskScored, gated by score_version) fill in independently; a version of 0 means
-- "not seen yet", so the gates compare numbers, never NULLs.
CREATE TABLE risk_register (
    risk_id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    title VARCHAR(200) NULL,
    category VARCHAR(32) NULL,
    owner_email VARCHAR(254) NULL,
    status VARCHAR(16) NULL,
    risk_version INT NOT NULL DEFAULT 0,
    likelihood TINYINT NULL,
    impact TINYINT NULL,
    score TINYINT NULL,
    level VARCHAR(16) NULL,
    scored_at DATETIME(6) NULL,
    score_version INT NOT NULL DEFAULT 0,
    KEY ix_risk_register_division (division_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row, bumped in the transaction of every read-model change; cached reports are
-- keyed by it. The epoch is new whenever the row is (re)created, so a rebuilt read model
-- never meets cache entries of an earlier one.
CREATE TABLE read_model_generation (
    id TINYINT NOT NULL PRIMARY KEY,
    epoch CHAR(36) NOT NULL,
    generation BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO read_model_generation (id, epoch, generation) VALUES (1, UUID(), 0);
