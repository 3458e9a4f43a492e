import type { ModelStatus } from '../../workers/inferenceProtocol';

const NAMES: Record<string, string> = { webgpu: 'WebGPU', wasm: 'WASM' };

type BadgeStatus = Pick<ModelStatus, 'backend' | 'fallbackReason' | 'providerReason' | 'restartReason'>;

/** Which provider ran a model, why WebGPU was given up where it was, and why the worker was restarted where it was. */
export function BackendBadge({ model, testId }: { model: BadgeStatus; testId: string }) {
  const { backend, fallbackReason, providerReason, restartReason } = model;
  return (
    <span
      className="backend-badge"
      data-testid={testId}
      data-backend={backend}
      data-fallback={fallbackReason ?? ''}
      data-reason={providerReason ?? ''}
      data-restart={restartReason ?? ''}
      title={[restartReason, providerReason, fallbackReason].filter(Boolean).join('; ')}
    >
      {NAMES[backend] ?? backend}
      {fallbackReason && ' (WebGPU failed)'}
      {restartReason && ' (restarted after a failure)'}
    </span>
  );
}
