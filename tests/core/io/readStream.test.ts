// A file given chunk by chunk, from disk or as a web stream, keeps what the whole-file reader reads,
// or an even subsample of it; a file whose content cannot stream is gathered whole.
import { describe, expect, it } from 'vitest';
import { parseFiles, writePly } from '../../../src/core/io';
import { readStream, StreamArrival } from '../../../src/core/io/readStream';
import { scanFixture, utf8 } from './helpers';

const chunksOf = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) => bytes.subarray(k * size, (k + 1) * size));

describe('StreamArrival', () => {
  it('keeps every third record of a binary PLY given in chunks of 1,000 bytes, as a web stream too', async () => {
    const ply = writePly(await scanFixture());
    const all = (await parseFiles([{ name: 'scan.ply', bytes: ply }])).data.positions;
    const thirds = Array.from(all).filter((_, i) => Math.floor(i / 3) % 3 === 0);
    const arrival = new StreamArrival(ply.length, () => ({ every: 3 }));
    for (const chunk of chunksOf(ply, 1000)) await arrival.push(chunk);
    const read = await arrival.finish();
    if (!('points' in read)) throw new Error('a binary PLY streams');
    expect(read.format).toBe('ply');
    expect(Array.from(read.points.finish().data.positions)).toEqual(thirds);

    const chunks = chunksOf(ply, 1000);
    const web = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    const progress: string[] = [];
    const viaWeb = await readStream(web, ply.length, { signal: new AbortController().signal, progress: (_f, stage) => progress.push(stage!) }, () => ({ every: 3 }));
    if (!('points' in viaWeb)) throw new Error('a binary PLY streams');
    expect(Array.from(viaWeb.points.finish().data.positions)).toEqual(thirds);
    expect(new Set(progress)).toEqual(new Set(['parsing']));
  });

  it('says at once that an ASCII PLY cannot stream, and gives its bytes whole', async () => {
    const text = utf8('ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 1 1\n');
    const arrival = new StreamArrival(text.length, () => ({ every: 1 }));
    const [first, second] = chunksOf(text, 100);
    await arrival.push(first);
    expect(arrival.whole).toBe(true);
    await arrival.push(second);
    expect(await arrival.finish()).toEqual({ whole: text });
  });
});
