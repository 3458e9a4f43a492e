import { useAppStore } from '../state/store';

export function ProgressBar() {
  const loading = useAppStore((s) => s.loading);
  if (!loading) return null;
  return (
    <div className="progress" data-testid="progress" role="progressbar" aria-valuenow={Math.round(loading.progress * 100)}>
      <div className="progress-label">
        {loading.stage} {loading.fileName} {Math.round(loading.progress * 100)}%
      </div>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${loading.progress * 100}%` }} />
      </div>
    </div>
  );
}
