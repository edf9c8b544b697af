-- reporting's read model, second step: divisions that are renamed, moved and retired;
-- the risk's workflow fields; solutions and their links to risks.
-- depends: 0001_read_model

-- A division's events are partial, so each aspect has its own version: version (the
-- registration, which brings the code), name_version, parent_version and
-- retired_version. A row may now start from any of them: code and name wait for theirs.
ALTER TABLE divisions
    MODIFY code VARCHAR(32) NULL,
    MODIFY name VARCHAR(200) NULL,
    MODIFY version INT NOT NULL DEFAULT 0,
    ADD COLUMN name_version INT NOT NULL DEFAULT 0,
    ADD COLUMN parent_version INT NOT NULL DEFAULT 0,
    ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN retired_version INT NOT NULL DEFAULT 0;

UPDATE divisions SET name_version = version, parent_version = version;

-- Set by RiskChanged (and RiskCaptured, with their initial values), gated by risk_version.
ALTER TABLE risk_register
    ADD COLUMN treatment VARCHAR(16) NULL AFTER status,
    ADD COLUMN review_due DATE NULL AFTER treatment,
    ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE AFTER review_due,
    ADD KEY ix_risk_register_review_due (review_due);

-- The whole state of each solution (SolutionRegistered, SolutionChanged), gated by version.
CREATE TABLE solutions (
    solution_id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    title VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    design_effectiveness TINYINT NOT NULL,
    test_result VARCHAR(8) NULL,
    tested_on DATE NULL,
    next_test_due DATE NULL,
    owner_email VARCHAR(254) NOT NULL,
    cost DECIMAL(16, 2) NULL,
    due_date DATE NULL,
    version INT NOT NULL,
    KEY ix_solutions_division (division_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per risk and solution ever linked. An unlink keeps the row (linked = FALSE):
-- its risk_version must still hold off a link that arrives late.
CREATE TABLE risk_solution_links (
    risk_id CHAR(36) NOT NULL,
    solution_id CHAR(36) NOT NULL,
    linked BOOLEAN NOT NULL,
    risk_version INT NOT NULL,
    PRIMARY KEY (risk_id, solution_id),
    KEY ix_risk_solution_links_solution (solution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
