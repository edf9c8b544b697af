/** A refused request as the app shows it. Every API answers a client error with one
 * shape, `{"message", "errors": [{"field", "in", "reason"}]}` (shared/riskplatform/api.py);
 * the OpenAPI documents do not declare that shape yet, so it is read defensively here. */
export interface Problem {
  status: number;
  message: string;
  /** The reason for each field at fault, by its path in the body ("impact.safety"). */
  fields: Record<string, string>;
}

export function problemOf(response: Response | undefined, body: unknown): Problem {
  const status = response?.status ?? 0;
  const record = (body ?? {}) as { message?: unknown; errors?: unknown };
  const fields: Record<string, string> = {};
  if (Array.isArray(record.errors)) {
    for (const error of record.errors as { field?: unknown; reason?: unknown }[]) {
      if (typeof error?.field === 'string') fields[error.field] = String(error.reason ?? 'is not valid');
    }
  }
  const message =
    typeof record.message === 'string' && record.message
      ? record.message
      : status === 0
        ? 'The service could not be reached.'
        : `The service answered ${status}.`;
  return { status, message, fields };
}

/** A thrown fetch error (network down, proxy gone) as a problem. */
export function networkProblem(error: unknown): Problem {
  return { status: 0, message: `The service could not be reached (${(error as Error)?.message ?? error}).`, fields: {} };
}
