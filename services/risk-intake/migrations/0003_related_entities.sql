-- Products, suppliers and sites, and how they relate to divisions, risks and each other
-- (a division sells a product, a product depends on a supplier and is made at a site, a
-- risk affects any of them). They feed the graph.
-- depends: 0002_workflow_solutions_audit

CREATE TABLE products (
    id CHAR(36) NOT NULL PRIMARY KEY,
    code VARCHAR(32) NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_products_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE suppliers (
    id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    country CHAR(2) NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_suppliers_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE sites (
    id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    country CHAR(2) NULL,
    version INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_sites_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A relationship belongs to its "from" entity, whose version it raises.
CREATE TABLE relationships (
    id CHAR(36) NOT NULL PRIMARY KEY,
    from_type VARCHAR(16) NOT NULL,
    from_id CHAR(36) NOT NULL,
    relation VARCHAR(16) NOT NULL,
    to_type VARCHAR(16) NOT NULL,
    to_id CHAR(36) NOT NULL,
    created_by VARCHAR(254) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_relationships (from_type, from_id, relation, to_type, to_id),
    KEY ix_relationships_from (from_id),
    KEY ix_relationships_to (to_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
