-- The complete register: the risk workflow's fields, tags, solutions and their links to
-- risks, FMEA inputs on assessments, retirement instead of deletion, and the audit trail.
-- Additive: the version before this one keeps working against it.
-- depends: 0001_register

ALTER TABLE divisions ADD COLUMN retired_at DATETIME(6) NULL;

ALTER TABLE risks
    ADD COLUMN treatment VARCHAR(16) NULL,
    ADD COLUMN review_due DATE NULL,
    ADD COLUMN retired_at DATETIME(6) NULL,
    ADD KEY ix_risks_division_updated (division_id, updated_at),
    ADD KEY ix_risks_review_due (review_due),
    ADD KEY ix_risks_owner (owner_email);

-- Text search over a risk's title and description (FULLTEXT, see ADR 13).
ALTER TABLE risks ADD FULLTEXT KEY ft_risks_text (title, description);

CREATE TABLE risk_tags (
    risk_id CHAR(36) NOT NULL,
    tag VARCHAR(40) NOT NULL,
    PRIMARY KEY (risk_id, tag),
    KEY ix_risk_tags_tag (tag),
    CONSTRAINT fk_risk_tags_risk FOREIGN KEY (risk_id) REFERENCES risks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE assessments
    ADD COLUMN fmea_severity TINYINT NULL,
    ADD COLUMN fmea_occurrence TINYINT NULL,
    ADD COLUMN fmea_detection TINYINT NULL;

CREATE TABLE solutions (
    id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    design_effectiveness TINYINT NOT NULL,
    test_result VARCHAR(8) NULL,
    tested_on DATE NULL,
    next_test_due DATE NULL,
    owner_email VARCHAR(254) NOT NULL,
    cost DECIMAL(14, 2) NULL,
    due_date DATE NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_solutions_division_updated (division_id, updated_at),
    KEY ix_solutions_owner (owner_email),
    CONSTRAINT fk_solutions_division FOREIGN KEY (division_id) REFERENCES divisions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE solutions ADD FULLTEXT KEY ft_solutions_text (title, description);

-- Which solutions answer which risks (many to many). The link belongs to the risk.
CREATE TABLE risk_solutions (
    risk_id CHAR(36) NOT NULL,
    solution_id CHAR(36) NOT NULL,
    linked_at DATETIME(6) NOT NULL,
    linked_by VARCHAR(254) NOT NULL,
    PRIMARY KEY (risk_id, solution_id),
    KEY ix_risk_solutions_solution (solution_id),
    CONSTRAINT fk_risk_solutions_risk FOREIGN KEY (risk_id) REFERENCES risks (id),
    CONSTRAINT fk_risk_solutions_solution FOREIGN KEY (solution_id) REFERENCES solutions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Who changed what, when, from which value to which: one row per field changed, written
-- in the transaction of the change. Values are JSON text (null, strings, lists).
CREATE TABLE audit_log (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    entity_type VARCHAR(16) NOT NULL,
    entity_id CHAR(36) NOT NULL,
    entity_version INT NOT NULL,
    action VARCHAR(32) NOT NULL,
    field VARCHAR(64) NULL,
    old_value TEXT NULL,
    new_value TEXT NULL,
    actor VARCHAR(254) NOT NULL,
    changed_at DATETIME(6) NOT NULL,
    KEY ix_audit_entity (entity_type, entity_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
