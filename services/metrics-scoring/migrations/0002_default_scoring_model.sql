-- The default scoring model: likelihood x impact on 1-5 scales, impact the max over the
-- rated dimensions, four level bands. Later versions are new rows, not code.
-- depends: 0001_scores

INSERT INTO scoring_models (model_id, version, definition, published_at) VALUES (
    'default-5x5',
    1,
    '{"scale": {"min": 1, "max": 5},
      "impact_dimensions": ["safety", "regulatory", "financial", "supply", "reputation"],
      "impact_aggregation": "max",
      "bands": [
        {"level": "low", "min": 1, "max": 4},
        {"level": "medium", "min": 5, "max": 9},
        {"level": "high", "min": 10, "max": 16},
        {"level": "critical", "min": 17, "max": 25}
      ]}',
    UTC_TIMESTAMP(6)
);
