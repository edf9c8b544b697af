-- reporting's read model, fifth step: each risk's history by event time, for the
-- dashboards' as-of figures (ADR 63). A risk has two histories, as it has two version
-- gates: its captured state (RiskCaptured / RiskChanged, from the intake event's
-- occurred time, by risk_version) and its score (RiskScored, from scored_at, by
-- score_version). Every version is kept once (the key); a version is valid from its own
-- time until the next version's (valid_to NULL: still valid). Both are kept by the same
-- handlers as the register rows, so a replay in any order gives the same rows.
-- depends: 0004_dashboard_indexes

CREATE TABLE risk_state_history (
    risk_id CHAR(36) NOT NULL,
    risk_version INT NOT NULL,
    valid_from DATETIME(6) NOT NULL,
    valid_to DATETIME(6) NULL,
    division_id CHAR(36) NOT NULL,
    title VARCHAR(200) NULL,
    category VARCHAR(32) NULL,
    owner_email VARCHAR(254) NULL,
    status VARCHAR(16) NULL,
    treatment VARCHAR(16) NULL,
    review_due DATE NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    acceptance_expires_on DATE NULL,
    accepted_by VARCHAR(254) NULL,
    PRIMARY KEY (risk_id, risk_version),
    KEY ix_risk_state_history_valid (valid_from, valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE risk_score_history (
    risk_id CHAR(36) NOT NULL,
    score_version INT NOT NULL,
    valid_from DATETIME(6) NOT NULL,
    valid_to DATETIME(6) NULL,
    division_id CHAR(36) NOT NULL,
    likelihood TINYINT NULL,
    impact TINYINT NULL,
    score TINYINT NULL,
    level VARCHAR(16) NULL,
    scored_at DATETIME(6) NULL,
    model_id VARCHAR(64) NULL,
    model_version INT NULL,
    inherent_acceptability VARCHAR(32) NULL,
    current_likelihood TINYINT NULL,
    current_impact TINYINT NULL,
    current_score TINYINT NULL,
    current_level VARCHAR(16) NULL,
    current_acceptability VARCHAR(32) NULL,
    target_likelihood TINYINT NULL,
    target_impact TINYINT NULL,
    target_score TINYINT NULL,
    target_level VARCHAR(16) NULL,
    target_acceptability VARCHAR(32) NULL,
    appetite_status VARCHAR(8) NULL,
    appetite INT NULL,
    appetite_tolerance INT NULL,
    appetite_division_id CHAR(36) NULL,
    action_priority VARCHAR(8) NULL,
    rpn SMALLINT NULL,
    next_review_due DATE NULL,
    tested_controls SMALLINT NULL,
    PRIMARY KEY (risk_id, score_version),
    KEY ix_risk_score_history_valid (valid_from, valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The rows already in the register start their history now: the time of their state is
-- not in the register (a score's is, but a score without its state would count as a
-- tracked risk of no category). Replaying the archive into an emptied read model gives
-- the whole history.
INSERT INTO risk_state_history (
    risk_id, risk_version, valid_from, division_id, title, category, owner_email, status,
    treatment, review_due, retired, acceptance_expires_on, accepted_by
)
SELECT risk_id, risk_version, UTC_TIMESTAMP(6), division_id, title, category, owner_email,
    status, treatment, review_due, retired, acceptance_expires_on, accepted_by
FROM risk_register WHERE risk_version > 0;

INSERT INTO risk_score_history (
    risk_id, score_version, valid_from, division_id, likelihood, impact, score, level,
    scored_at, model_id, model_version, inherent_acceptability, current_likelihood,
    current_impact, current_score, current_level, current_acceptability, target_likelihood,
    target_impact, target_score, target_level, target_acceptability, appetite_status,
    appetite, appetite_tolerance, appetite_division_id, action_priority, rpn,
    next_review_due, tested_controls
)
SELECT risk_id, score_version, UTC_TIMESTAMP(6), division_id, likelihood, impact, score,
    level, scored_at, model_id, model_version, inherent_acceptability, current_likelihood,
    current_impact, current_score, current_level, current_acceptability, target_likelihood,
    target_impact, target_score, target_level, target_acceptability, appetite_status,
    appetite, appetite_tolerance, appetite_division_id, action_priority, rpn,
    next_review_due, tested_controls
FROM risk_register WHERE score_version > 0;
