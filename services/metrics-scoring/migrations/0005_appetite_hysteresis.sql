-- A hysteresis band per appetite: a risk in breach is restored only once its current
-- residual is at most the appetite less the band (never below 1). in_breach remembers an
-- AppetiteBreached not yet followed by an AppetiteRestored (ADR 27).
-- depends: 0004_risk_status

ALTER TABLE appetites
    ADD COLUMN hysteresis TINYINT NOT NULL DEFAULT 1;

ALTER TABLE risk_scores
    ADD COLUMN in_breach BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE risk_scores SET in_breach = COALESCE(appetite_status = 'breach', FALSE);
