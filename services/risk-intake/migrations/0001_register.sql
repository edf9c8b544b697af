-- The risk register: divisions (a tree), risks and their assessment history.
-- depends: 0000_kernel_outbox_inbox

CREATE TABLE divisions (
    id CHAR(36) NOT NULL PRIMARY KEY,
    code VARCHAR(32) NOT NULL,
    name VARCHAR(200) NOT NULL,
    parent_id CHAR(36) NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_divisions_code (code),
    CONSTRAINT fk_divisions_parent FOREIGN KEY (parent_id) REFERENCES divisions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE risks (
    id CHAR(36) NOT NULL PRIMARY KEY,
    division_id CHAR(36) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    category VARCHAR(32) NOT NULL,
    owner_email VARCHAR(254) NOT NULL,
    status VARCHAR(16) NOT NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_risks_division (division_id),
    CONSTRAINT fk_risks_division FOREIGN KEY (division_id) REFERENCES divisions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE assessments (
    id CHAR(36) NOT NULL PRIMARY KEY,
    risk_id CHAR(36) NOT NULL,
    risk_version INT NOT NULL,
    likelihood TINYINT NOT NULL,
    impact_safety TINYINT NULL,
    impact_regulatory TINYINT NULL,
    impact_financial TINYINT NULL,
    impact_supply TINYINT NULL,
    impact_reputation TINYINT NULL,
    assessed_by VARCHAR(254) NOT NULL,
    assessed_at DATETIME(6) NOT NULL,
    justification TEXT NULL,
    UNIQUE KEY uq_assessments_risk_version (risk_id, risk_version),
    CONSTRAINT fk_assessments_risk FOREIGN KEY (risk_id) REFERENCES risks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
