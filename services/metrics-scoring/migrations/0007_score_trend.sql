-- Each score in the history keeps its current residual score beside the full result, so
-- that a score's trend (its movement since the start of the trend period) and the list
-- of worsening risks are one query (ADR 29).
-- depends: 0006_kri_definitions

ALTER TABLE score_history ADD COLUMN residual_score TINYINT NULL;
UPDATE score_history
SET residual_score = JSON_VALUE(result, '$.current_residual.score')
WHERE result IS NOT NULL;
