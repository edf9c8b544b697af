"""A function finds its database through its secret, over TLS where the stage asks."""

from __future__ import annotations

import pytest
from aws_lambda_powertools.utilities import parameters

from riskplatform.db import DbSettings

SECRET = {
    "engine": "mysql",
    "host": "aurora.cluster-abc.eu-central-1.rds.amazonaws.com",
    "port": 3306,
    "dbname": "risk_intake",
    "username": "risk_intake",
    "password": "s3cret",
}


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-central-1:1:secret:db")
    monkeypatch.setattr(parameters, "get_secret", lambda name, **_: dict(SECRET))


def test_settings_come_from_the_rds_shaped_secret(monkeypatch):
    monkeypatch.delenv("DB_TLS", raising=False)
    settings = DbSettings.from_environment()
    assert (settings.host, settings.user, settings.database) == (
        SECRET["host"],
        "risk_intake",
        "risk_intake",
    )
    assert settings.tls_ca is None


def test_tls_is_verified_against_the_bundle_in_the_layer(monkeypatch):
    monkeypatch.setenv("DB_TLS", "true")
    assert DbSettings.from_environment().tls_ca == "/opt/python/rds-ca-bundle.pem"
    monkeypatch.setenv("DB_CA_BUNDLE", "/var/task/ca.pem")
    assert DbSettings.from_environment().tls_ca == "/var/task/ca.pem"
