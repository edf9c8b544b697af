-- reporting's read model, seventh step: each solution's and each link's history by the
-- intake event's own time, so that the solutions report and the summary's mitigation
-- answer as of a day as the register does (ADR 63). Every version is kept once (the
-- key); a version is valid from its own time until the next version's (valid_to NULL:
-- still valid). Kept by the same handlers as the current rows, so a replay in any order
-- gives the same rows.
-- depends: 0006_kris

CREATE TABLE solution_history (
    solution_id CHAR(36) NOT NULL,
    version INT NOT NULL,
    valid_from DATETIME(6) NOT NULL,
    valid_to DATETIME(6) NULL,
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
    PRIMARY KEY (solution_id, version),
    KEY ix_solution_history_valid (valid_from, valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A link's state at each version of its risk (linked or not), from its own time.
CREATE TABLE link_history (
    risk_id CHAR(36) NOT NULL,
    solution_id CHAR(36) NOT NULL,
    risk_version INT NOT NULL,
    valid_from DATETIME(6) NOT NULL,
    valid_to DATETIME(6) NULL,
    linked BOOLEAN NOT NULL,
    PRIMARY KEY (risk_id, solution_id, risk_version),
    KEY ix_link_history_solution (solution_id, valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The rows already there start their history now (their time is not kept): as of an
-- earlier day they are absent. Replaying the archive into an emptied read model gives
-- the whole history.
INSERT INTO solution_history (
    solution_id, version, valid_from, division_id, title, kind, status,
    design_effectiveness, test_result, tested_on, next_test_due, owner_email, cost, due_date
)
SELECT solution_id, version, UTC_TIMESTAMP(6), division_id, title, kind, status,
    design_effectiveness, test_result, tested_on, next_test_due, owner_email, cost, due_date
FROM solutions WHERE version > 0;

INSERT INTO link_history (risk_id, solution_id, risk_version, valid_from, linked)
SELECT risk_id, solution_id, risk_version, UTC_TIMESTAMP(6), linked
FROM risk_solution_links;
