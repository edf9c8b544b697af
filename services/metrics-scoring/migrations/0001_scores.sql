-- Scoring models (versioned data), each risk's current score and every score it had.
-- depends: 0000_kernel_outbox_inbox

CREATE TABLE scoring_models (
    model_id VARCHAR(64) NOT NULL,
    version INT NOT NULL,
    definition JSON NOT NULL,
    published_at DATETIME(6) NOT NULL,
    PRIMARY KEY (model_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per risk, locked while the risk is re-scored. last_input_version is the risk
-- version of the newest assessment scored: older assessments arriving late are ignored.
CREATE TABLE risk_scores (
    risk_id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    score_version INT NOT NULL,
    last_input_version INT NOT NULL,
    assessment_id CHAR(36) NOT NULL,
    likelihood TINYINT NOT NULL,
    impact_ratings JSON NOT NULL,
    impact TINYINT NOT NULL,
    score TINYINT NOT NULL,
    level VARCHAR(16) NOT NULL,
    model_id VARCHAR(64) NOT NULL,
    model_version INT NOT NULL,
    cause_event_id CHAR(36) NOT NULL,
    cause_detail_type VARCHAR(64) NOT NULL,
    scored_at DATETIME(6) NOT NULL,
    KEY ix_risk_scores_division (division_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Every score a risk had, appended in the transaction that changed risk_scores.
CREATE TABLE score_history (
    risk_id CHAR(36) NOT NULL,
    score_version INT NOT NULL,
    division_id CHAR(36) NOT NULL,
    last_input_version INT NOT NULL,
    assessment_id CHAR(36) NOT NULL,
    likelihood TINYINT NOT NULL,
    impact_ratings JSON NOT NULL,
    impact TINYINT NOT NULL,
    score TINYINT NOT NULL,
    level VARCHAR(16) NOT NULL,
    model_id VARCHAR(64) NOT NULL,
    model_version INT NOT NULL,
    cause_event_id CHAR(36) NOT NULL,
    cause_detail_type VARCHAR(64) NOT NULL,
    scored_at DATETIME(6) NOT NULL,
    PRIMARY KEY (risk_id, score_version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
