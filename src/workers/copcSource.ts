// Where a COPC file's bytes come from: an address read by HTTP range requests, or a dropped file
// read by slices. Both count what they read, which the app shows and the tests check.
import { COPC_FIRST_BYTES, type RangeGetter } from '../core/io/copc';
import { formatBytes } from '../core/io/limits';
import { InputError } from '../core/types';

/** A server that ignores Range sends the whole file: read it whole up to this size, refuse beyond. */
export const WHOLE_FETCH_LIMIT_BYTES = 64 * 2 ** 20;

export interface RangeSource {
  get: RangeGetter;
  fileBytes: number;
  /** false where the server ignored range requests and the file came whole */
  ranges: boolean;
  /** bytes read so far */
  fetched(): number;
}

/** "bytes 0-4095/295118" gives the file's size; a server that does not know it says "*". */
export function totalOf(contentRange: string | null): number {
  const total = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return total ? Number(total[1]) : NaN;
}

/** `cache`: the browser's cache to use, as fetch takes it. */
export async function rangeFetch(url: string, begin: number, end: number, cache: RequestCache = 'default'): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Range: `bytes=${begin}-${end - 1}` }, cache });
  } catch (e) {
    throw new Error(`${url} could not be fetched (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!response.ok) throw new Error(`${url} could not be opened: the server answered ${response.status} ${response.statusText}`.trim());
  return response;
}

export async function httpSource(url: string): Promise<RangeSource> {
  let fetched = 0;
  const counted = (bytes: Uint8Array) => {
    fetched += bytes.length;
    return bytes;
  };
  const first = await rangeFetch(url, 0, COPC_FIRST_BYTES);
  if (first.status !== 206) {
    const size = Number(first.headers.get('content-length')) || 0;
    if (!size || size > WHOLE_FETCH_LIMIT_BYTES) {
      await first.body?.cancel();
      throw new InputError(
        `cannot be streamed: the server does not answer range requests (it sent the whole file${size ? `, ${formatBytes(size)},` : ''} with status ${first.status}), and pointlens fetches a COPC file whole only up to ${formatBytes(WHOLE_FETCH_LIMIT_BYTES)}. Serve it from storage that honours HTTP Range (static hosting, object storage and CDNs do)`,
      );
    }
    const whole = counted(new Uint8Array(await first.arrayBuffer()));
    return { get: async (b, e) => whole.subarray(b, e), fileBytes: whole.length, ranges: false, fetched: () => fetched };
  }
  const head = counted(new Uint8Array(await first.arrayBuffer()));
  const fileBytes = totalOf(first.headers.get('content-range'));
  if (!Number.isFinite(fileBytes)) throw new InputError(`cannot be streamed: the server's range answers do not say the file's size (Content-Range: ${first.headers.get('content-range')})`);
  const get: RangeGetter = async (begin, end) => {
    if (end <= head.length) return head.subarray(begin, end);
    const response = await rangeFetch(url, begin, end);
    const bytes = counted(new Uint8Array(await response.arrayBuffer()));
    if (response.status !== 206 || bytes.length !== end - begin) throw new Error(`${url} changed or stopped answering range requests (asked for ${end - begin} bytes, got ${bytes.length}, status ${response.status})`);
    return bytes;
  };
  return { get, fileBytes, ranges: true, fetched: () => fetched };
}

export function fileSource(file: Blob): RangeSource {
  let fetched = 0;
  const get: RangeGetter = async (b, e) => {
    const bytes = new Uint8Array(await file.slice(b, e).arrayBuffer());
    fetched += bytes.length;
    return bytes;
  };
  return { get, fileBytes: file.size, ranges: true, fetched: () => fetched };
}
