import { describe, expect, it } from 'vitest';
import { decodeHostCursor, encodeHostCursor, encodeHostCursors, type HostCursor } from '../src/hosts/host-cursor.ts';
import { SentinelError } from '../src/errors.ts';

const ID = '34ad9897-6b15-492d-86af-13695d6b7477';
const URL_SAFE = /^[A-Za-z0-9_.-]+$/;

describe('host cursors', () => {
  it.each<HostCursor>([
    { field: 'NAME', direction: 'ASC', value: 'web-"1"\\ü', id: ID },
    { field: 'NAME', direction: 'ASC', value: '', id: ID },
    { field: 'STATUS', direction: 'DESC', value: 'db.1\u2028', id: ID },
    { field: 'CPU', direction: 'DESC', value: 12.5, id: ID },
    { field: 'MEMORY', direction: 'ASC', value: 1e21, id: ID },
    { field: 'MEMORY', direction: 'ASC', value: 5e-324, id: ID },
    { field: 'LAST_SEEN', direction: 'ASC', value: -1, id: ID },
  ])('round-trips $field $direction $value', (cursor) => {
    const text = encodeHostCursor(cursor);
    expect(text).toMatch(URL_SAFE);
    expect(decodeHostCursor('after', text, cursor.field, cursor.direction)).toEqual(cursor);
  });

  it('writes the value as base64url of its UTF-8 text', () => {
    // Values of every length modulo three, ASCII and not, against Buffer's encoding.
    for (const value of ['a', 'ab', 'abc', 'abcd', 'db-ü', 'üa', 'aü', 'host-00001', '日本語', '\u007f\u0080']) {
      const text = encodeHostCursor({ field: 'NAME', direction: 'ASC', value, id: ID });
      expect(text).toBe(`NAME.ASC.${ID}.${Buffer.from(value).toString('base64url')}`);
    }
  });

  it('reads the earlier base64 JSON forms', () => {
    const cursor: HostCursor = { field: 'NAME', direction: 'ASC', value: 'db-1', id: ID };
    const object = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    const array = Buffer.from(JSON.stringify(['NAME', 'ASC', 'db-1', ID])).toString('base64url');
    expect(decodeHostCursor('before', object, 'NAME', 'ASC')).toEqual(cursor);
    expect(decodeHostCursor('before', array, 'NAME', 'ASC')).toEqual(cursor);
    expect(encodeHostCursor(cursor).length).toBeLessThan(array.length);
  });

  it.each([
    ['not base64 JSON', 'bm90IGEgY3Vyc29y'],
    ['a short array', Buffer.from('["NAME","ASC","a"]').toString('base64url')],
    ['an id that is no UUID', Buffer.from('["NAME","ASC","a","b"]').toString('base64url')],
    ['an unknown field', `HOSTNAME.ASC.${ID}.YQ`],
    ['a dotted id that is no UUID', 'NAME.ASC.1234.YQ'],
    ['a missing value', `NAME.ASC.${ID}`],
    ['a value that is no base64url', `NAME.ASC.${ID}.a+b`],
    ['a value that is not the encoder\'s output', `NAME.ASC.${ID}.YR`],
    ['an extra part', `NAME.ASC.${ID}.YQ.YQ`],
    ['a number that is not one', `CPU.ASC.${ID}.${Buffer.from('abc').toString('base64url')}`],
    ['a number written another way', `CPU.ASC.${ID}.${Buffer.from(' 12').toString('base64url')}`],
    ['a number that is not finite', `CPU.ASC.${ID}.${Buffer.from('Infinity').toString('base64url')}`],
  ])('rejects %s', (_case, text) => {
    const field = text.startsWith('CPU') ? 'CPU' : 'NAME';
    expect(() => decodeHostCursor('after', text, field, 'ASC')).toThrow(SentinelError);
  });

  it('rejects a cursor of another order', () => {
    const text = encodeHostCursor({ field: 'CPU', direction: 'DESC', value: 1, id: ID });
    expect(() => decodeHostCursor('after', text, 'CPU', 'ASC')).toThrow(/belongs to order CPU DESC/);
  });

  it('encodes a page as it encodes each cursor', () => {
    const cursors: HostCursor[] = ['a', 'ab', 'abc', 'web-"1"\\', '', 'db-ü'].map((value, index) => ({ field: 'NAME', direction: 'DESC', value, id: ID.replace(/^3/, String(index)) }));
    const texts = encodeHostCursors(cursors);
    expect(texts).toEqual(cursors.map(encodeHostCursor));
    expect(texts.map((text) => decodeHostCursor('after', text, 'NAME', 'DESC'))).toEqual(cursors);
    expect(encodeHostCursors([])).toEqual([]);
  });
});
