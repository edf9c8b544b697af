-- Key risk indicator definitions become editable (PATCH with If-Match) and retirable: a
-- version (the ETag), who changed them last, a staleness period after which the latest
-- reading counts nothing, and the likelihood steps an amber reading adds (ADR 28).
-- depends: 0005_appetite_hysteresis

ALTER TABLE kris
    ADD COLUMN stale_after_days SMALLINT NOT NULL DEFAULT 90,
    ADD COLUMN amber_steps TINYINT NOT NULL DEFAULT 0,
    ADD COLUMN version INT NOT NULL DEFAULT 1,
    ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN changed_by VARCHAR(254) NULL,
    ADD COLUMN changed_at DATETIME(6) NULL;
