"""A report answered as a file (ADR 64): written into a spooled temporary file (a
megabyte in memory, the rest on the function's disk), then answered whole when it is a
CSV file that fits in an answer, else uploaded to the export bucket and answered with a
short-lived link (201, ``Location``)."""

from __future__ import annotations

import tempfile
from typing import Any

from aws_lambda_powertools.event_handler import Response

from reporting.entrypoints.schemas import ExportLinkOut
from reporting.exports.delivery import INLINE_MAX_BYTES, SPOOL_BYTES, ExportStore, disposition
from reporting.exports.tables import Document
from reporting.exports.writers import FileFormat, write


def file_response(document: Document, file_format: FileFormat, store: ExportStore) -> Response[Any]:
    name = f"{document.name}.{file_format.value}"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        write(document, file_format, spool)
        size = spool.tell()
        spool.seek(0)
        if file_format is FileFormat.CSV and size <= INLINE_MAX_BYTES:
            return Response(
                status_code=200,
                content_type=file_format.media_type,
                body=spool.read().decode(),
                headers={"Content-Disposition": disposition(name)},
            )
        link = store.keep(spool, name, file_format.media_type)
    out = ExportLinkOut(
        url=link.url,
        file_name=name,
        media_type=file_format.media_type,
        bytes=size,
        expires_at=link.expires_at,
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=out.model_dump_json(by_alias=True),
        headers={"Location": link.url},
    )


def file_responses(model: type, what: str) -> dict[int, Any]:
    """The OpenAPI answers of a report that is also a file: 200 with the JSON or the CSV
    file, 201 with the link to a stored file."""
    return {
        200: {
            "description": f"{what} (JSON), or with format=csv the CSV file when it fits in"
            " an answer (5 MiB)",
            "headers": {
                "Content-Disposition": {
                    "description": 'With a CSV file: attachment; filename="<report>.csv"',
                    "schema": {"type": "string"},
                }
            },
            "content": {
                "application/json": {"model": model},
                "text/csv": {"schema": {"type": "string"}},
            },
        },
        201: {
            "description": "An XLSX or PDF file, or a CSV file larger than an answer may"
            " carry: it was stored, and Location (and url) downloads it as an attachment,"
            " without a token, for five minutes",
            "headers": {
                "Location": {
                    "description": "The file's presigned link",
                    "schema": {"type": "string", "format": "uri"},
                }
            },
            "content": {"application/json": {"model": ExportLinkOut}},
        },
    }
