import type { ModelStatus } from '../../workers/inferenceProtocol';

/** Says, under a result, that the worker that gave it replaced one that failed, and why. */
export function RestartNote({ model, testId }: { model: Pick<ModelStatus, 'restartReason'>; testId: string }) {
  const reason = model.restartReason;
  if (!reason) return null;
  return (
    <p className="muted restart-note" data-testid={testId}>
      {reason.charAt(0).toUpperCase() + reason.slice(1)}.
    </p>
  );
}
