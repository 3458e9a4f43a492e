// The engine's provider choice and its run-time switch: a WebGPU run that fails (a lost device) is
// run again on WASM, and the session stays there and says why. The stand-in sessions record which
// provider each run went to; the real model runs behind the WASM one. And what a sample costs once
// the runtime has settled, on a stand-in clock.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateManifest } from '../../src/core/ml/manifest';
import { MODEL_RUN_FAILED } from '../../src/core/ml/runModel';
import { asFloats, chooseProviders, configureEngine, loadModel, settledSampleMs, type Backend, type ModelSession, type SessionFactory } from '../../src/inference/engine';

const manifest = validateManifest(JSON.parse(readFileSync(new URL('../../models/manifest.json', import.meta.url), 'utf8')));
const entry = manifest.models.find((m) => m.task === 'classification')!;
const bytes = new Uint8Array(readFileSync(new URL(`../../models/${entry.file}`, import.meta.url)));
const input = () => new Float32Array(3 * entry.input.points).map((_, i) => Math.sin(i));
const dims = [1, 3, entry.input.points];

/** WebGPU sessions that load but whose runs fail after `okRuns` runs; WASM sessions are real. */
function factory(okRuns: number, runs: Backend[]): SessionFactory {
  return async (modelBytes, backend) => {
    if (backend === 'wasm') {
      const real = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
      return {
        run: (feeds: ort.InferenceSession.FeedsType, fetches: ort.InferenceSession.FetchesType) => (runs.push('wasm'), real.run(feeds, fetches)),
        release: () => real.release(),
        outputNames: real.outputNames,
      } as Awaited<ReturnType<SessionFactory>>;
    }
    let left = okRuns;
    const wasm = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
    return {
      run: (feeds: ort.InferenceSession.FeedsType, fetches: ort.InferenceSession.FetchesType) => {
        runs.push('webgpu');
        if (left-- <= 0) return Promise.reject(new Error('GPUDevice was lost'));
        return wasm.run(feeds, fetches);
      },
      release: () => wasm.release(),
      outputNames: wasm.outputNames,
    } as Awaited<ReturnType<SessionFactory>>;
  };
}

describe('inference engine', () => {
  configureEngine({ numThreads: 1 });

  it('switches a session from WebGPU to WASM when a run fails, with the same answer and the reason', async () => {
    const runs: Backend[] = [];
    const model = await loadModel(entry, bytes, ['webgpu', 'wasm'], factory(1, runs));
    expect(model.backend()).toBe('webgpu');
    const first = await model.run(input(), dims);
    expect(model.fallbackReason()).toBeUndefined();
    const second = await model.run(input(), dims);
    expect(model.backend()).toBe('wasm');
    expect(model.fallbackReason()).toMatch(/WebGPU run failed, switched to WASM: GPUDevice was lost/);
    expect([...second]).toEqual([...first]);
    await model.run(input(), dims);
    expect(runs).toEqual(['webgpu', 'webgpu', 'wasm', 'wasm']);
  });

  it('says a run failed in the runtime by the error name, where no provider is left to switch to', async () => {
    const failing: SessionFactory = async () => ({ outputNames: [entry.input.outputName], run: () => Promise.reject(new Error('Aborted(OOM)')), release: async () => undefined }) as unknown as Awaited<ReturnType<SessionFactory>>;
    const model = await loadModel(entry, bytes, ['wasm'], failing);
    await expect(model.run(input(), dims)).rejects.toMatchObject({ name: MODEL_RUN_FAILED, message: 'Aborted(OOM)' });
  });

  it('falls back to WASM at load where WebGPU gives no session, and says so', async () => {
    const failing: SessionFactory = async (modelBytes, backend) => {
      if (backend === 'webgpu') throw new Error('no adapter');
      return factory(0, [])(modelBytes, backend);
    };
    const model = await loadModel(entry, bytes, ['webgpu', 'wasm'], failing);
    expect(model.backend()).toBe('wasm');
    expect(model.fallbackReason()).toMatch(/WebGPU session failed: no adapter/);
  });

  it('gives up with every provider named when none loads the model', async () => {
    const none: SessionFactory = async (_b, backend) => {
      throw new Error(`${backend} broke`);
    };
    await expect(loadModel(entry, bytes, ['webgpu', 'wasm'], none)).rejects.toThrow(/webgpu: webgpu broke; wasm: wasm broke/);
  });
});

describe('settled sample cost', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** a session whose runs take the given times on a stand-in clock, recording each run's input */
  function slowingDown(times: number[], inputs: { dims: number[]; values: number }[]): ModelSession {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    let k = 0;
    const run = async (values: Float32Array, dims: number[]) => {
      inputs.push({ dims, values: new Set(values).size });
      now += times[Math.min(k++, times.length - 1)];
      return new Float32Array(1);
    };
    return { entry, backend: () => 'wasm', fallbackReason: () => undefined, run, runOutputs: async () => ({}) };
  }

  it('takes the least time of the runs made within the budget, one sample of varied values each', async () => {
    const inputs: { dims: number[]; values: number }[] = [];
    // a WASM session's first runs are slow while its code is compiled behind them
    // runs end at 120, 210, 260 and 269 ms: the fourth is the last begun within 265
    const ms = await settledSampleMs(slowingDown([120, 90, 50, 9, 11, 10], inputs), 265);
    expect(ms).toBe(9);
    expect(inputs.length).toBe(4);
    expect(inputs[0].dims).toEqual(dims);
    expect(inputs[0].values).toBeGreaterThan(entry.input.points);
  });

  it('runs twice however short the budget', async () => {
    const inputs: { dims: number[]; values: number }[] = [];
    const ms = await settledSampleMs(slowingDown([120, 90, 50], inputs), 0);
    expect(ms).toBe(90);
    expect(inputs.length).toBe(2);
  });
});

describe('provider choice', () => {
  it('puts WASM first on a software WebGPU adapter, and says why', () => {
    const swift = chooseProviders('auto', { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader device (Subzero)' });
    expect(swift.order).toEqual(['wasm']);
    expect(swift.why).toMatch(/software one \(google swiftshader SwiftShader device \(Subzero\)\), slower than WASM/);
    expect(chooseProviders('auto', { isFallbackAdapter: true }).order).toEqual(['wasm']);
  });

  it('tries WebGPU first on a hardware adapter, and WASM where there is none', () => {
    expect(chooseProviders('auto', { vendor: 'nvidia', architecture: 'hopper' })).toEqual({ order: ['webgpu', 'wasm'], why: 'a hardware WebGPU adapter (nvidia hopper)' });
    expect(chooseProviders('auto', null)).toEqual({ order: ['wasm'], why: 'WebGPU gave no adapter' });
    expect(chooseProviders('auto', undefined)).toEqual({ order: ['wasm'], why: 'this browser has no WebGPU' });
  });

  it('follows what the address asks for', () => {
    expect(chooseProviders('webgpu', { isFallbackAdapter: true }).order).toEqual(['webgpu', 'wasm']);
    expect(chooseProviders('wasm', { vendor: 'nvidia' }).order).toEqual(['wasm']);
  });
});

describe('asFloats', () => {
  it('gives int64 indices (ArgMax) and other numeric outputs as floats, floats as they are', () => {
    const f = Float32Array.from([1.5]);
    expect(asFloats(f)).toBe(f);
    expect(Array.from(asFloats(BigInt64Array.from([0n, 1023n])))).toEqual([0, 1023]);
    expect(Array.from(asFloats(Int32Array.from([-2, 7])))).toEqual([-2, 7]);
    expect(() => asFloats('x')).toThrow(/not a numeric tensor/);
  });
});
