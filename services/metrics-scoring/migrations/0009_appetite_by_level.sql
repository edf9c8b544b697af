-- An appetite may be set as levels of the model that scores the risk ("within up to
-- medium, watch up to high") instead of score points, so that one setting fits every
-- model's scale (ADR 29): then appetite and tolerance are NULL and the levels are set.
-- depends: 0008_risk_acceptance

ALTER TABLE appetites
    MODIFY appetite TINYINT NULL,
    MODIFY tolerance TINYINT NULL,
    ADD COLUMN appetite_level VARCHAR(16) NULL,
    ADD COLUMN tolerance_level VARCHAR(16) NULL;
