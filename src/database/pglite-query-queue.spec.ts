import { sqlTextOf } from './pglite-query-queue';

/** Frontend messages as `pg` writes them: type byte, length, then NUL-terminated strings (and, for Bind, values). */
function message(type: string, ...fields: (string | Buffer)[]): Uint8Array {
  const body = Buffer.concat(fields.map((f) => (typeof f === 'string' ? Buffer.from(`${f}\0`) : f)));
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(body.length + 4, 1);
  return new Uint8Array(Buffer.concat([header, body]));
}

describe('sqlTextOf', () => {
  it('reads a simple Query', () => {
    expect(sqlTextOf(message('Q', 'SELECT 1'))).toBe('SELECT 1');
  });

  it("reads a Parse's SQL after its statement name, named or not", () => {
    expect(sqlTextOf(message('P', '', 'SELECT $1::int', Buffer.from([0, 0])))).toBe('SELECT $1::int');
    expect(sqlTextOf(message('P', 'stmt_7', 'SELECT $1::int', Buffer.from([0, 0])))).toBe('SELECT $1::int');
  });

  it('shows no Bind, whose values may be secrets', () => {
    const value = Buffer.from('hunter2');
    const lengthOfValue = Buffer.alloc(4);
    lengthOfValue.writeInt32BE(value.length);
    const bind = message('B', '', '', Buffer.from([0, 0, 0, 1]), lengthOfValue, value, Buffer.from([0, 0]));
    expect(sqlTextOf(bind)).toBeUndefined();
  });

  it('keeps a log line short: whitespace folded, clipped, only the head of a huge statement decoded', () => {
    const huge = `INSERT INTO contacts (name)\n   VALUES ${"('x'), ".repeat(500_000)}('y')`;
    const text = sqlTextOf(message('Q', huge), 40);
    expect(text).toBe(`${"INSERT INTO contacts (name) VALUES ('x'), ('x'), ".slice(0, 40)}…`);
  });

  it('reads a message that is a view into a larger buffer', () => {
    const whole = Buffer.concat([Buffer.from('junk'), Buffer.from(message('Q', 'SELECT 2'))]);
    expect(sqlTextOf(new Uint8Array(whole.buffer, whole.byteOffset + 4, whole.length - 4))).toBe('SELECT 2');
  });
});
