// Shared by the io tests: the real fixtures, and text/bytes helpers for files the tests write.
import { readFileSync } from 'node:fs';
import { concatBytes } from '../../../src/core/io/concatBytes';
import { parseFiles } from '../../../src/core/io';
import type { PointCloud } from '../../../src/core/types';

export const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** The 2,000 real ScanNet points of the NPY fixture, with colours and labels. */
export async function scanFixture(): Promise<PointCloud> {
  const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
  const r = await parseFiles(names.map((name) => ({ name, bytes: fixture(name) })));
  if (r.data.kind !== 'points') throw new Error('the NPY fixture must read as points');
  return r.data;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}
