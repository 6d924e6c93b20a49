import { describe, expect, it } from 'vitest';
import { decodeHostCursor, encodeHostCursor, encodeHostCursors, type HostCursor } from '../src/hosts/host-cursor.ts';
import { SentinelError } from '../src/errors.ts';

const ID = '34ad9897-6b15-492d-86af-13695d6b7477';

describe('host cursors', () => {
  it.each<HostCursor>([
    { field: 'NAME', direction: 'ASC', value: 'web-"1"\\ü', id: ID },
    { field: 'CPU', direction: 'DESC', value: 12.5, id: ID },
    { field: 'LAST_SEEN', direction: 'ASC', value: -1, id: ID },
  ])('round-trips $field $direction', (cursor) => {
    const text = encodeHostCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeHostCursor('after', text, cursor.field, cursor.direction)).toEqual(cursor);
  });

  it('reads the older object form', () => {
    const cursor: HostCursor = { field: 'NAME', direction: 'ASC', value: 'db-1', id: ID };
    const older = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    expect(decodeHostCursor('before', older, 'NAME', 'ASC')).toEqual(cursor);
    expect(encodeHostCursor(cursor).length).toBeLessThan(older.length);
  });

  it.each([
    ['not base64 JSON', 'bm90IGEgY3Vyc29y'],
    ['a short array', Buffer.from('["NAME","ASC","a"]').toString('base64url')],
    ['an id that is no UUID', Buffer.from('["NAME","ASC","a","b"]').toString('base64url')],
  ])('rejects %s', (_case, text) => {
    expect(() => decodeHostCursor('after', text, 'NAME', 'ASC')).toThrow(SentinelError);
  });

  it('rejects a cursor of another order', () => {
    const text = encodeHostCursor({ field: 'CPU', direction: 'DESC', value: 1, id: ID });
    expect(() => decodeHostCursor('after', text, 'CPU', 'ASC')).toThrow(/belongs to order CPU DESC/);
  });

  it('encodes a page of cursors', () => {
    // Values of every length modulo three, so that each padding is used.
    const cursors: HostCursor[] = ['a', 'ab', 'abc', 'web-"1"\\', ''].map((value, index) => ({ field: 'NAME', direction: 'DESC', value, id: ID.replace(/^3/, String(index)) }));
    const texts = encodeHostCursors(cursors);
    expect(texts).toHaveLength(cursors.length);
    texts.forEach((text, index) => {
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeHostCursor('after', text, 'NAME', 'DESC')).toEqual(cursors[index]);
    });
    expect(encodeHostCursors([])).toEqual([]);
  });

  it('encodes non-ASCII pages one by one', () => {
    const cursors: HostCursor[] = [
      { field: 'NAME', direction: 'ASC', value: 'db-ü', id: ID },
      { field: 'NAME', direction: 'ASC', value: 'db-x', id: ID },
    ];
    const texts = encodeHostCursors(cursors);
    expect(texts).toEqual(cursors.map(encodeHostCursor));
    expect(texts.map((text) => decodeHostCursor('before', text, 'NAME', 'ASC'))).toEqual(cursors);
  });

  it('encodes a host the same on any page', () => {
    // A text of 61 bytes, so that it is padded.
    const host: HostCursor = { field: 'NAME', direction: 'ASC', value: 'db-xy', id: ID };
    const other: HostCursor = { field: 'NAME', direction: 'ASC', value: 'db-ü', id: ID };
    expect(encodeHostCursors([host, other])[0]).toBe(encodeHostCursors([host])[0]);
    expect(encodeHostCursor(host)).toBe(encodeHostCursors([host])[0]);
  });
});
