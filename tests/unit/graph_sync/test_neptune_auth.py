"""With IAM auth on, every connection to Neptune carries a fresh SigV4 signature for the
neptune-db service, made with the function's credentials."""

from __future__ import annotations

import pytest

from graph_sync.adapters.neptune_auth import signed_headers

ENDPOINT = "wss://db.cluster-abc.eu-central-1.neptune.amazonaws.com:8182/gremlin"


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")


def test_the_handshake_is_signed_for_neptune_in_the_functions_region():
    headers = signed_headers(ENDPOINT)

    authorization = headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-central-1/neptune-db/aws4_request" in authorization
    assert "SignedHeaders=host;x-amz-date;x-amz-security-token" in authorization
    assert headers["host"] == "db.cluster-abc.eu-central-1.neptune.amazonaws.com:8182"
    assert headers["X-Amz-Security-Token"] == "session-token"


def test_each_connection_gets_its_own_signature(monkeypatch):
    first = signed_headers(ENDPOINT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "another-secret")
    assert signed_headers(ENDPOINT)["Authorization"] != first["Authorization"]
