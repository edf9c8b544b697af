"""The intake API's request and response bodies, one module per resource (camelCase on
the wire, unknown fields refused). A response model is built from the domain object it
shows with ``model_validate``; only fields computed for the API are written out."""
