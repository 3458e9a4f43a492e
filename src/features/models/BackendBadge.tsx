const NAMES: Record<string, string> = { webgpu: 'WebGPU', wasm: 'WASM' };

/** Which provider ran a model, and why WebGPU was given up where it was. */
export function BackendBadge({ backend, fallbackReason, providerReason, testId }: { backend: string; fallbackReason?: string; providerReason?: string; testId: string }) {
  return (
    <span
      className="backend-badge"
      data-testid={testId}
      data-backend={backend}
      data-fallback={fallbackReason ?? ''}
      data-reason={providerReason ?? ''}
      title={[providerReason, fallbackReason].filter(Boolean).join('; ')}
    >
      {NAMES[backend] ?? backend}
      {fallbackReason && ' (WebGPU failed)'}
    </span>
  );
}
