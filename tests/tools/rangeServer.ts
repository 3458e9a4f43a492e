// A static file server for the COPC tests, as a CDN or object storage serves files: GET with HTTP
// Range (206, Content-Range) or without (200, the whole file), CORS open to the app's origin with
// Content-Range exposed. It counts what it sends. `ranges: false` plays a server that ignores Range.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServer {
  /** the address of `path` */
  url(path: string): string;
  /** body bytes sent so far */
  sent: number;
  /** every range asked for, [begin, end) */
  requests: [number, number][];
  close(): Promise<void>;
}

export async function startRangeServer(files: Record<string, Uint8Array>, options: { ranges: boolean }): Promise<RangeServer> {
  const state = { sent: 0, requests: [] as [number, number][] };
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges');
    // the app is cross-origin isolated (COEP): files from elsewhere must say they may be embedded
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!options.ranges || !range) {
      state.sent += file.length;
      state.requests.push([0, file.length]);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': file.length }).end(file);
      return;
    }
    const begin = Number(range[1]);
    const end = Math.min(file.length, range[2] ? Number(range[2]) + 1 : file.length);
    if (begin >= file.length || end <= begin) {
      res.writeHead(416, { 'Content-Range': `bytes */${file.length}` }).end();
      return;
    }
    const body = file.subarray(begin, end);
    state.sent += body.length;
    state.requests.push([begin, end]);
    res
      .writeHead(206, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'Content-Range': `bytes ${begin}-${end - 1}/${file.length}`, 'Accept-Ranges': 'bytes' })
      .end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    get sent() {
      return state.sent;
    },
    requests: state.requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
