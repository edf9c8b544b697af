"""The route that imports a register file (CSV or XLSX)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body

from risk_intake.entrypoints.imports import ImportIn, import_command
from risk_intake.entrypoints.routes.common import uow, who
from risk_intake.entrypoints.schemas.imports import ImportReportOut
from risk_intake.service_layer import imports
from riskplatform.api import documented

router = Router()


@router.post(
    "/risks/import",
    responses={
        200: {
            "description": "Dry run: what the import would do, and every problem found",
            "content": {"application/json": {"model": ImportReportOut}},
        },
        **documented(201, ImportReportOut, etag=False),
    },
)
def import_risks(body: Annotated[ImportIn, Body()]) -> Response[Any]:
    """Risks (and their solutions) from a CSV or XLSX file: ``dryRun`` reports every bad
    row with its line and reason and writes nothing (200); otherwise every row is written
    in one transaction (201), or, if any row is bad, none (422 listing them all)."""
    report = imports.import_risks(import_command(body), who(router), uow(router))
    out = ImportReportOut.of(report)
    if report.dry_run or report.written:
        return Response(200 if report.dry_run else 201, content_types.APPLICATION_JSON, out)
    return Response(
        status_code=422,
        content_type=content_types.APPLICATION_JSON,
        body={
            "message": f"{len({p.line for p in report.problems})} row(s) cannot be imported;"
            " nothing was imported",
            "errors": [
                {
                    "field": p.field,
                    "in": "body",
                    "reason": f"line {p.line}: {p.reason}",
                    "line": p.line,
                }
                for p in out.problems
            ],
        },
    )
