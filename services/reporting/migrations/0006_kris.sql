-- reporting's read model, sixth step: the key risk indicators metrics-scoring announces
-- (KriDefined, KriChanged, KriRetired, each with the whole definition) and their readings
-- (KriReadingRecorded), for the KRI dashboard, now and as of a day.
-- depends: 0005_risk_history

-- The current definition, gated by its version (0: none seen yet).
CREATE TABLE kris (
    kri_id VARCHAR(64) NOT NULL,
    version INT NOT NULL DEFAULT 0,
    risk_id CHAR(36) NULL,
    division_id CHAR(36) NULL,
    name VARCHAR(200) NULL,
    unit VARCHAR(32) NULL,
    direction VARCHAR(16) NULL,
    amber DOUBLE NULL,
    red DOUBLE NULL,
    stale_after_days INT NULL,
    amber_steps TINYINT NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (kri_id),
    KEY ix_kris_risk (risk_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Every version of a definition, valid from its own time (the event's changed_at) until
-- the next version's (NULL: still), as risk_state_history is for risks (ADR 63).
CREATE TABLE kri_history (
    kri_id VARCHAR(64) NOT NULL,
    version INT NOT NULL,
    valid_from DATETIME(6) NOT NULL,
    valid_to DATETIME(6) NULL,
    risk_id CHAR(36) NOT NULL,
    division_id CHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    unit VARCHAR(32) NOT NULL,
    direction VARCHAR(16) NOT NULL,
    amber DOUBLE NOT NULL,
    red DOUBLE NOT NULL,
    stale_after_days INT NOT NULL,
    amber_steps TINYINT NOT NULL,
    retired BOOLEAN NOT NULL,
    PRIMARY KEY (kri_id, version),
    KEY ix_kri_history_valid (valid_from, valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Every reading, kept once: the latest by observation time, then reading id, is the
-- indicator's (now, or as of a day: the latest observed before its end).
CREATE TABLE kri_readings (
    reading_id CHAR(36) NOT NULL,
    kri_id VARCHAR(64) NOT NULL,
    value DOUBLE NOT NULL,
    observed_at DATETIME(6) NOT NULL,
    source VARCHAR(64) NOT NULL,
    PRIMARY KEY (reading_id),
    KEY ix_kri_readings_latest (kri_id, observed_at, reading_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
