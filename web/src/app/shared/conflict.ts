/** A stale edit (412): the thing changed on the server since the user loaded it. What
 * changed there is shown next to what the user typed, and the user's edits can be put back
 * on top of the current version to be saved again (with its new ETag). Values are compared
 * as the API sends them (strings, dates as YYYY-MM-DD, lists). */
export type Fields = Readonly<Record<string, unknown>>;

export interface FieldConflict {
  field: string;
  /** The value on the server now. */
  server: unknown;
  /** The user's value: what they typed, or, where they did not edit, what they loaded. */
  mine: unknown;
  /** Whether the user edited this field too (both sides changed it). */
  edited: boolean;
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields the user changed from the version they loaded. */
export function editedFields<T extends Fields>(loaded: T, mine: T): (keyof T & string)[] {
  return Object.keys(mine).filter((field) => !same(loaded[field], mine[field]));
}

/** Only the edited fields: the body of a PATCH. */
export function patchOf<T extends Fields>(loaded: T, mine: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const field of editedFields(loaded, mine)) patch[field] = mine[field];
  return patch;
}

/** The fields that changed on the server since the user loaded them, each with the
 * server's value and the user's. */
export function conflictsOf<T extends Fields>(loaded: T, server: T, mine: T): FieldConflict[] {
  return Object.keys(mine)
    .filter((field) => !same(loaded[field], server[field]))
    .map((field) => ({ field, server: server[field], mine: mine[field], edited: !same(loaded[field], mine[field]) }));
}

/** The current version with the user's edits put back on top: the fields the user did not
 * touch take the server's value. */
export function reapplied<T extends Fields>(loaded: T, server: T, mine: T): T {
  const result: Record<string, unknown> = { ...server };
  for (const field of editedFields(loaded, mine)) result[field] = mine[field];
  return result as T;
}
