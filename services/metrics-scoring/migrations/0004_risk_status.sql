-- The risk's workflow status and retired flag, from RiskCaptured and RiskChanged (which
-- carry the whole risk state), version-gated with the category by category_version.
-- Accepted, closed and retired risks are not tracked: they leave the breach and
-- review-overdue lists (ADR 27).
-- depends: 0003_inputs_models_appetite_kris

ALTER TABLE risks
    ADD COLUMN status VARCHAR(16) NULL,
    ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE risk_scores
    ADD COLUMN tracked BOOLEAN NOT NULL DEFAULT TRUE,
    ADD KEY ix_risk_scores_tracked_review (tracked, next_review_due);
