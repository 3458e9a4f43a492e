// Where a COPC file's bytes come from: HTTP range requests against a server of the test's own, the
// fallback to one whole fetch where a server ignores Range and the file is small, and a clear
// refusal where it is not.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSource, WHOLE_FETCH_LIMIT_BYTES } from '../../src/workers/copcSource';
import { startRangeServer, type RangeServer } from '../tools/rangeServer';

const file = new Uint8Array(20_000).map((_, i) => (i * 7) % 251);

describe('COPC byte sources', () => {
  let ranged: RangeServer;
  let whole: RangeServer;
  beforeAll(async () => {
    ranged = await startRangeServer({ '/f.copc.laz': file }, { ranges: true });
    whole = await startRangeServer({ '/f.copc.laz': file }, { ranges: false });
  });
  afterAll(async () => {
    await ranged.close();
    await whole.close();
  });

  it('reads ranges, knows the size from Content-Range and counts what came', async () => {
    const source = await httpSource(ranged.url('/f.copc.laz'));
    expect(source.ranges).toBe(true);
    expect(source.fileBytes).toBe(file.length);
    expect(await source.get(10_000, 10_010)).toEqual(file.subarray(10_000, 10_010));
    // the first request's bytes serve what lies in them
    expect(await source.get(5, 9)).toEqual(file.subarray(5, 9));
    expect(source.fetched()).toBe(ranged.sent);
    expect(ranged.requests).toEqual([
      [0, 4096],
      [10_000, 10_010],
    ]);
  });

  it('takes a small file whole from a server that ignores Range', async () => {
    const source = await httpSource(whole.url('/f.copc.laz'));
    expect(source.ranges).toBe(false);
    expect(await source.get(19_990, 20_000)).toEqual(file.subarray(19_990));
    expect(whole.requests).toEqual([[0, file.length]]);
  });

  it('refuses a large file from a server that ignores Range, before reading it', async () => {
    const declared = WHOLE_FETCH_LIMIT_BYTES * 4;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': declared });
      // a first piece, then the connection hangs as a slow big download would
      res.write(new Uint8Array(65_536));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(httpSource(`http://127.0.0.1:${port}/big.copc.laz`)).rejects.toThrow(
        /cannot be streamed: the server does not answer range requests \(it sent the whole file, 256\.0 MB, with status 200\).*HTTP Range/,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
