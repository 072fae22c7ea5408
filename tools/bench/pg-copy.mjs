// COPY … FROM STDIN over a plain `pg` client, without pg-copy-streams: a "submittable" query that answers
// the server's CopyInResponse by streaming the chunks of an (async) iterable, with back-pressure.
import { once } from 'node:events';

class CopyIn {
  constructor(text, source) {
    this.text = text;
    this.source = source;
    this.rowCount = 0;
    this.error = null;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
  submit(connection) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection) {
    (async () => {
      try {
        for await (const chunk of this.source) {
          if (this.error) return; // the server refused the COPY: it discards what still comes
          if (!chunk.length) continue;
          connection.sendCopyFromChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'));
          if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
        }
        connection.endCopyFrom();
      } catch (err) {
        connection.sendCopyFail(String(err));
      }
    })();
  }
  handleCommandComplete(msg) {
    this.rowCount = Number(String(msg.text ?? '').split(' ')[1] ?? 0);
  }
  // pg's client forgets its active query on an error (its ReadyForQuery then reaches nobody): settle here
  handleError(err) {
    this.error = err;
    this.reject(err);
  }
  handleReadyForQuery() {
    if (this.error) this.reject(this.error);
    else this.resolve(this.rowCount);
  }
  // messages a COPY FROM STDIN never gets; here so an unexpected one is not a crash
  handleEmptyQuery() {
    return undefined;
  }
  handleRowDescription() {
    return undefined;
  }
  handleDataRow() {
    return undefined;
  }
  handlePortalSuspended() {
    return undefined;
  }
  handleCopyData() {
    return undefined;
  }
}

/** COPY `table (columns)` FROM STDIN (text format) from `source`, an iterable of strings; answers the row count. */
export function copyIn(client, table, columns, source) {
  const q = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, source);
  client.query(q);
  return q.promise;
}

/** One COPY text-format field: \N for null, backslash escapes for the rest. */
export function field(v) {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

/** Batches rows (arrays of fields) into COPY text chunks of about 1 MB. */
export async function* chunks(rows) {
  let buf = '';
  for await (const r of rows) {
    buf += r.map(field).join('\t') + '\n';
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
