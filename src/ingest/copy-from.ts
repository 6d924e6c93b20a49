import type pg from 'pg';

// Message types of the PostgreSQL frontend protocol that COPY FROM STDIN sends.
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const LENGTH_BYTES = 4;

/** The part of pg's connection a query submits through. */
type Connection = { query(text: string): void; stream: { write(data: Buffer): boolean } };

/**
 * A `COPY ... FROM STDIN` whose whole body goes out in one write, as one CopyData
 * message followed by CopyDone, once the server sends CopyInResponse. It is submitted
 * to pg like a query, and pg calls its handle* methods. A Writable stream such as
 * pg-copy-streams makes three writes per table, and those writes cost the API more
 * than encoding the rows did (bench/ingest/RESULTS.md).
 */
export class CopyFromText {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;

  /** @param text the COPY statement, named `text` as pg's query configs name it. */
  constructor(
    readonly text: string,
    private readonly body: string,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  // pg replaces this with its query_timeout handling; calling it clears that timer.
  callback(): void {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    const bodyBytes = Buffer.byteLength(this.body);
    const frame = Buffer.allocUnsafe(1 + LENGTH_BYTES + bodyBytes + 1 + LENGTH_BYTES);
    frame[0] = COPY_DATA;
    frame.writeUInt32BE(LENGTH_BYTES + bodyBytes, 1);
    frame.write(this.body, 1 + LENGTH_BYTES, 'utf8');
    frame[1 + LENGTH_BYTES + bodyBytes] = COPY_DONE;
    frame.writeUInt32BE(LENGTH_BYTES, 2 + LENGTH_BYTES + bodyBytes);
    connection.stream.write(frame);
  }

  // The server rejected the statement or the data: pg sends the error here and skips
  // handleReadyForQuery.
  handleError(error: Error): void {
    this.callback();
    this.rejectDone(error);
  }

  handleReadyForQuery(): void {
    this.callback();
    this.resolveDone();
  }

  // The server replies to a COPY FROM with CommandComplete ("COPY n") and nothing else.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `statement` (a COPY ... FROM STDIN) with `body` as its data. */
export async function copyFromText(client: pg.ClientBase, statement: string, body: string): Promise<void> {
  const copy = new CopyFromText(statement, body);
  client.query(copy as unknown as pg.QueryConfig);
  await copy.done;
}
