-- A risk's formal acceptance while it is accepted: who accepted it, when, why, and the
-- last day it holds (ADR 27). All null when the risk is not formally accepted.
-- depends: 0003_related_entities

ALTER TABLE risks
    ADD COLUMN accepted_by VARCHAR(254) NULL,
    ADD COLUMN accepted_at DATETIME(6) NULL,
    ADD COLUMN acceptance_rationale TEXT NULL,
    ADD COLUMN acceptance_expires_on DATE NULL;
