import type { IntakeSchemas } from '../api/api';

export type ImportFormat = IntakeSchemas['ImportIn']['format'];
export type ImportReport = IntakeSchemas['ImportReportOut'];
export type RowProblem = IntakeSchemas['RowProblemOut'];

/** The file's format from its name; null for anything but CSV and XLSX. */
export function formatOf(fileName: string): ImportFormat | null {
  const extension = fileName.toLowerCase().split('.').pop();
  return extension === 'csv' ? 'csv' : extension === 'xlsx' ? 'xlsx' : null;
}

/** Bytes as base64 (the API takes the file base64-encoded in JSON, ADR 15). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** The problems of a refused import (422): each error names its column (`field`) and
 * line; its reason starts with "line N: ", which the table shows in its own column. */
export function problemsOfRefusal(body: unknown): RowProblem[] {
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((error): error is { field?: unknown; reason?: unknown; line?: unknown } => typeof error === 'object' && error !== null)
    .filter((error) => typeof error.line === 'number')
    .map((error) => ({
      line: error.line as number,
      field: String(error.field ?? ''),
      reason: String(error.reason ?? '').replace(/^line \d+:\s*/, ''),
    }));
}

/** Problems in file order: by line, then column. */
export function sortedProblems(problems: readonly RowProblem[]): RowProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
}
