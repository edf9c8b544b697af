-- A risk's formal acceptance, from RiskCaptured and RiskChanged (who, when, why, until
-- when), version-gated with the category, status and retired flag by category_version.
-- An accepted risk is out of the breach and review-overdue lists until its acceptance
-- expires (ADR 27).
-- depends: 0007_score_trend

ALTER TABLE risks ADD COLUMN acceptance JSON NULL;
