import { conflictsOf, editedFields, patchOf, reapplied } from './conflict';

/** A stale edit: the user loaded version 3, edited it; meanwhile someone saved version 4. */
describe('a stale edit', () => {
  const loaded = { title: 'Resin shortage', owner: 'a@x.io', tags: ['resin'], reviewDue: null as string | null };
  const server = { title: 'Resin shortage', owner: 'b@x.io', tags: ['resin', 'supplier'], reviewDue: null as string | null };
  const mine = { title: 'Resin shortage at line 3', owner: 'a@x.io', tags: ['resin', 'line-3'], reviewDue: null as string | null };

  it('knows which fields the user edited, and sends only those', () => {
    expect(editedFields(loaded, mine)).toEqual(['title', 'tags']);
    expect(patchOf(loaded, mine)).toEqual({ title: 'Resin shortage at line 3', tags: ['resin', 'line-3'] });
    expect(patchOf(loaded, { ...loaded, tags: ['resin'] })).toEqual({});
  });

  it('lists the fields changed on the server with its value and the user\'s', () => {
    expect(conflictsOf(loaded, server, mine)).toEqual([
      { field: 'owner', server: 'b@x.io', mine: 'a@x.io', edited: false },
      { field: 'tags', server: ['resin', 'supplier'], mine: ['resin', 'line-3'], edited: true },
    ]);
  });

  it('re-applies the user\'s edits on the current version, keeping the server\'s other changes', () => {
    expect(reapplied(loaded, server, mine)).toEqual({
      title: 'Resin shortage at line 3',
      owner: 'b@x.io',
      tags: ['resin', 'line-3'],
      reviewDue: null,
    });
  });

  it('treats a missing value and null alike', () => {
    expect(conflictsOf({ a: null }, { a: undefined }, { a: null })).toEqual([]);
  });
});
