"""Neptune IAM authentication: the websocket handshake signed with SigV4 for the
``neptune-db`` service, with the function's own credentials. A signature is valid for five
minutes, so the connection asks for fresh headers at every (re)connect."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.session import Session

SERVICE = "neptune-db"


def signed_headers(endpoint: str) -> dict[str, str]:
    """The headers that authenticate a websocket connection to ``endpoint``."""
    parts = urlsplit(endpoint)
    credentials = Session().get_credentials()
    if credentials is None:
        raise RuntimeError("no AWS credentials to sign the Neptune connection with")
    # Neptune signs the handshake as an HTTP GET of the same URL over https.
    request = AWSRequest(method="GET", url=endpoint.replace(parts.scheme, "https", 1))
    request.headers["host"] = parts.netloc
    SigV4Auth(credentials.get_frozen_credentials(), SERVICE, os.environ["AWS_REGION"]).add_auth(
        request
    )
    return {key: value for key, value in request.headers.items()}
