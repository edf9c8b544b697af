-- reporting's read model, third step: everything RiskScored carries (current and target
-- residual, acceptability, appetite, FMEA action priority, next review, the model), the
-- appetite breach episodes, the risk's formal acceptance, and the published models' sizes.
-- depends: 0002_changes_solutions_links

-- Score fields are gated by score_version with the inherent ones; rows scored before this
-- migration keep NULLs until their next RiskScored (the inbox has their old events, so a
-- replay fills them only into an emptied read model).
ALTER TABLE risk_register
    ADD COLUMN acceptance_expires_on DATE NULL AFTER retired,
    ADD COLUMN accepted_by VARCHAR(254) NULL AFTER acceptance_expires_on,
    ADD COLUMN model_id VARCHAR(64) NULL AFTER scored_at,
    ADD COLUMN model_version INT NULL AFTER model_id,
    ADD COLUMN inherent_acceptability VARCHAR(32) NULL AFTER model_version,
    ADD COLUMN current_likelihood TINYINT NULL AFTER inherent_acceptability,
    ADD COLUMN current_impact TINYINT NULL AFTER current_likelihood,
    ADD COLUMN current_score TINYINT NULL AFTER current_impact,
    ADD COLUMN current_level VARCHAR(16) NULL AFTER current_score,
    ADD COLUMN current_acceptability VARCHAR(32) NULL AFTER current_level,
    ADD COLUMN target_likelihood TINYINT NULL AFTER current_acceptability,
    ADD COLUMN target_impact TINYINT NULL AFTER target_likelihood,
    ADD COLUMN target_score TINYINT NULL AFTER target_impact,
    ADD COLUMN target_level VARCHAR(16) NULL AFTER target_score,
    ADD COLUMN target_acceptability VARCHAR(32) NULL AFTER target_level,
    ADD COLUMN appetite_status VARCHAR(8) NULL AFTER target_acceptability,
    ADD COLUMN appetite INT NULL AFTER appetite_status,
    ADD COLUMN appetite_tolerance INT NULL AFTER appetite,
    ADD COLUMN appetite_division_id CHAR(36) NULL AFTER appetite_tolerance,
    ADD COLUMN action_priority VARCHAR(8) NULL AFTER appetite_division_id,
    ADD COLUMN rpn SMALLINT NULL AFTER action_priority,
    ADD COLUMN next_review_due DATE NULL AFTER rpn,
    -- AppetiteBreached opens an episode, AppetiteRestored closes it; the score_version
    -- each carries orders them (0: none seen).
    ADD COLUMN in_breach BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN breach_changed_at DATETIME(6) NULL,
    ADD COLUMN breach_version INT NOT NULL DEFAULT 0,
    ADD KEY ix_risk_register_current (current_score),
    ADD KEY ix_risk_register_next_review (next_review_due);

-- Published model versions never change: the first delivery is the only write.
CREATE TABLE scoring_models (
    model_id VARCHAR(64) NOT NULL,
    version INT NOT NULL,
    size TINYINT NOT NULL,
    PRIMARY KEY (model_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
