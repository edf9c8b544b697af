-- What a score depends on, kept as version-gated projections of risk-intake's events
-- (divisions, risks with their latest assessment, solutions, links); scoring models
-- managed through the API; appetite per division x category; key risk indicators and
-- their readings; rescore jobs; and the full result of each score.
-- depends: 0002_default_scoring_model

CREATE TABLE divisions (
    division_id CHAR(36) NOT NULL PRIMARY KEY,
    parent_id CHAR(36) NULL,
    version INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per risk heard of. Each group of columns keeps the newest version it saw:
-- division_version (any risk event), category_version (RiskCaptured, RiskChanged),
-- assessment_version (RiskAssessed; 0 while the risk has no assessment).
CREATE TABLE risks (
    risk_id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    division_version INT NOT NULL,
    category VARCHAR(32) NULL,
    category_version INT NOT NULL DEFAULT 0,
    assessment_version INT NOT NULL DEFAULT 0,
    assessment_id CHAR(36) NULL,
    likelihood TINYINT NULL,
    impact_ratings JSON NULL,
    fmea JSON NULL,
    assessed_at DATETIME(6) NULL,
    KEY ix_risks_division (division_id),
    KEY ix_risks_category (category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE solutions (
    solution_id CHAR(36) NOT NULL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    design_effectiveness TINYINT NOT NULL,
    test_result VARCHAR(8) NULL,
    next_test_due DATE NULL,
    version INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A link's latest state; risk_version orders the links and unlinks of one risk.
CREATE TABLE risk_solutions (
    risk_id CHAR(36) NOT NULL,
    solution_id CHAR(36) NOT NULL,
    linked BOOLEAN NOT NULL,
    risk_version INT NOT NULL,
    PRIMARY KEY (risk_id, solution_id),
    KEY ix_risk_solutions_solution (solution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE appetites (
    division_id CHAR(36) NOT NULL,
    category VARCHAR(32) NOT NULL,
    appetite TINYINT NOT NULL,
    tolerance TINYINT NOT NULL,
    set_by VARCHAR(254) NOT NULL,
    set_at DATETIME(6) NOT NULL,
    PRIMARY KEY (division_id, category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Each indicator with its latest reading (by observation time, then reading id).
CREATE TABLE kris (
    kri_id CHAR(36) NOT NULL PRIMARY KEY,
    risk_id CHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    unit VARCHAR(32) NOT NULL,
    direction VARCHAR(16) NOT NULL,
    amber DOUBLE NOT NULL,
    red DOUBLE NOT NULL,
    defined_by VARCHAR(254) NOT NULL,
    defined_at DATETIME(6) NOT NULL,
    latest_reading_id CHAR(36) NULL,
    latest_value DOUBLE NULL,
    latest_observed_at DATETIME(6) NULL,
    status VARCHAR(8) NULL,
    KEY ix_kris_risk (risk_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE kri_readings (
    reading_id CHAR(36) NOT NULL PRIMARY KEY,
    kri_id CHAR(36) NOT NULL,
    value DOUBLE NOT NULL,
    observed_at DATETIME(6) NOT NULL,
    source VARCHAR(64) NOT NULL,
    recorded_at DATETIME(6) NOT NULL,
    KEY ix_kri_readings_kri (kri_id, observed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- after_risk_id is the cursor: every risk in scope up to it is rescored.
CREATE TABLE rescore_jobs (
    job_id CHAR(36) NOT NULL PRIMARY KEY,
    scope JSON NOT NULL,
    cause_event_id CHAR(36) NOT NULL,
    cause_detail_type VARCHAR(64) NOT NULL,
    correlation_id VARCHAR(64) NOT NULL,
    after_risk_id CHAR(36) NOT NULL DEFAULT '',
    rescored INT NOT NULL DEFAULT 0,
    changed INT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    finished_at DATETIME(6) NULL,
    KEY ix_rescore_jobs_open (finished_at, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Drafts have no published_at.
ALTER TABLE scoring_models
    MODIFY published_at DATETIME(6) NULL,
    ADD COLUMN created_by VARCHAR(254) NOT NULL DEFAULT 'migration',
    ADD COLUMN created_at DATETIME(6) NULL,
    ADD COLUMN published_by VARCHAR(254) NULL;
UPDATE scoring_models SET created_at = published_at, published_by = 'migration';

-- result holds everything computed (the RiskScored data and the explanation); the
-- other new columns are what the API filters on.
ALTER TABLE risk_scores
    ADD COLUMN category VARCHAR(32) NULL,
    ADD COLUMN residual_score TINYINT NULL,
    ADD COLUMN residual_level VARCHAR(16) NULL,
    ADD COLUMN appetite_status VARCHAR(8) NULL,
    ADD COLUMN next_review_due DATE NULL,
    ADD COLUMN expires_on DATE NULL,
    ADD COLUMN result JSON NULL,
    ADD KEY ix_risk_scores_review (next_review_due),
    ADD KEY ix_risk_scores_expiry (expires_on),
    ADD KEY ix_risk_scores_appetite (appetite_status);
ALTER TABLE score_history ADD COLUMN result JSON NULL;

-- Scores written before this migration: their inputs become the projection, and one job
-- rescores them all with the full result.
INSERT INTO risks (risk_id, division_id, division_version, assessment_version, assessment_id,
                   likelihood, impact_ratings, assessed_at)
SELECT risk_id, division_id, last_input_version, last_input_version, assessment_id,
       likelihood, impact_ratings, scored_at
FROM risk_scores;
INSERT INTO rescore_jobs (job_id, scope, cause_event_id, cause_detail_type, correlation_id,
                          created_at)
SELECT '0b7e3c1a-5d2f-4e8b-9a6c-1f3e5d7b9a0c', '{}', '0b7e3c1a-5d2f-4e8b-9a6c-1f3e5d7b9a0c',
       'ScoresMigrated', '0b7e3c1a-5d2f-4e8b-9a6c-1f3e5d7b9a0c', UTC_TIMESTAMP(6)
FROM DUAL WHERE EXISTS (SELECT 1 FROM risk_scores);
