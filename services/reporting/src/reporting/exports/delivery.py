"""Where a written export goes (ADR 64). A CSV file that fits in an answer is the
answer; a larger one, and every XLSX and PDF file (binary: API Gateway would carry it only
base64-encoded, through binary media types), is uploaded to the export bucket (multipart,
a part at a time from the spooled file) and the answer is a link to it, presigned for a
few minutes. On AWS the link names the VPC's S3 interface endpoint (its URL given as
``link_endpoint``), the only way the bucket's policy lets a link be read: the caller is on
the corporate network, which reaches the VPC but not S3's public names."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any, Protocol

# An answer is at most 6 MB (6,291,456 bytes), headers included.
INLINE_MAX_BYTES = 5 * 1024 * 1024
# What the function keeps in memory of a file being written; the rest spills to the
# function's ephemeral storage.
SPOOL_BYTES = 1024 * 1024
LINK_SECONDS = 300
PART_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


class ExportStore(Protocol):
    def keep(self, file: IO[bytes], name: str, media_type: str) -> Link:
        """Stores the file (read from its current position) and links to it."""
        ...


def disposition(name: str) -> str:
    return f'attachment; filename="{name}"'


class S3ExportStore:
    """The export bucket: objects expire by its lifecycle rule; links by their signature.
    Uploads go the function's way to S3 (the VPC's gateway endpoint); links are signed for
    ``link_endpoint`` when set (the S3 interface endpoint's URL), else for S3 itself."""

    def __init__(
        self,
        bucket: str | None,
        client: Any = None,
        link_endpoint: str | None = None,
        link_client: Any = None,
    ) -> None:
        self.bucket = bucket
        self._client = client
        self.link_endpoint = link_endpoint or None
        self._link_client = link_client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            # Path-style addressing where an emulator stands in for S3 (its host has no
            # per-bucket names); signature v4 always (presigned links need it for KMS).
            addressing = "path" if os.environ.get("AWS_ENDPOINT_URL") else "auto"
            config = Config(signature_version="s3v4", s3={"addressing_style": addressing})
            self._client = boto3.client("s3", config=config)
        return self._client

    @property
    def link_client(self) -> Any:
        """The client that signs links: one for the interface endpoint's DNS name, where
        the bucket is a label of the host (bucket.vpce-...), or the uploading client."""
        if not self.link_endpoint:
            return self.client
        if self._link_client is None:
            import boto3
            from botocore.config import Config

            config = Config(signature_version="s3v4", s3={"addressing_style": "virtual"})
            self._link_client = boto3.client("s3", endpoint_url=self.link_endpoint, config=config)
        return self._link_client

    def keep(self, file: IO[bytes], name: str, media_type: str) -> Link:
        from boto3.s3.transfer import TransferConfig

        if not self.bucket:
            raise RuntimeError("No export bucket: EXPORT_BUCKET is not set")
        now = datetime.now(UTC)
        key = f"exports/{now:%Y-%m-%d}/{uuid.uuid4()}/{name}"
        self.client.upload_fileobj(
            file,
            self.bucket,
            key,
            ExtraArgs={"ContentType": media_type, "ContentDisposition": disposition(name)},
            Config=TransferConfig(
                multipart_threshold=PART_BYTES, multipart_chunksize=PART_BYTES, max_concurrency=2
            ),
        )
        url = self.link_client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": disposition(name),
                "ResponseContentType": media_type,
            },
            ExpiresIn=LINK_SECONDS,
        )
        return Link(url, now + timedelta(seconds=LINK_SECONDS))
