// One place decides the renderer: three's WebGPURenderer on WebGPU where an adapter exists, on
// its WebGL2 backend otherwise; `?renderer=webgl|webgpu` forces one. The same node materials
// serve both backends, so every component is written once.
import { WebGPURenderer } from 'three/webgpu';
import type { RendererKind } from '../state/store';

export type RendererPreference = 'auto' | 'webgpu' | 'webgl';

export function rendererPreference(search: string): RendererPreference {
  const v = new URLSearchParams(search).get('renderer');
  return v === 'webgpu' || v === 'webgl' ? v : 'auto';
}

export interface CreatedRenderer {
  renderer: WebGPURenderer;
  kind: RendererKind;
  /** a software rasteriser (SwiftShader): big clouds are decimated harder for display */
  software: boolean;
}

// The little of WebGPU's API used here (the DOM typings of this TypeScript lack it).
interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter?: boolean;
}
interface Gpu {
  requestAdapter(): Promise<{ info: AdapterInfo } | null>;
}

async function webgpuAdapter(): Promise<{ info: AdapterInfo } | null> {
  const gpu = (navigator as Navigator & { gpu?: Gpu }).gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

/** Asks a throw-away WebGL2 context which rasteriser the browser uses. */
function isSoftwareWebGL(): boolean {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software/i.test(name);
}

function isSoftwareAdapter(info: AdapterInfo): boolean {
  return Boolean(info.isFallbackAdapter) || /swiftshader|llvmpipe/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
}

export async function createRenderer(canvas: HTMLCanvasElement, preference: RendererPreference): Promise<CreatedRenderer> {
  const adapter = preference === 'webgl' ? null : await webgpuAdapter();
  const software = adapter ? isSoftwareAdapter(adapter.info) : isSoftwareWebGL();
  // Multisampling quadruples the fill cost, which a software rasteriser pays on the CPU.
  const renderer = new WebGPURenderer({ canvas, antialias: !software, forceWebGL: adapter === null });
  await renderer.init();
  const kind: RendererKind = (renderer.backend as { isWebGPUBackend?: boolean }).isWebGPUBackend ? 'webgpu' : 'webgl2';
  return { renderer, kind, software };
}
