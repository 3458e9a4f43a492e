import { useAppStore } from '../state/store';

/** A failure (red, an alert) or, where there is none, a notice of what an action did besides (neutral, a status). */
export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const notice = useAppStore((s) => s.notice);
  const dismissError = useAppStore((s) => s.dismissError);
  const dismissNotice = useAppStore((s) => s.dismissNotice);
  if (error) {
    return (
      <div className="error-banner" role="alert" data-testid="error-banner">
        <span data-testid="error-message">{error}</span>
        <button data-testid="error-dismiss" onClick={dismissError} aria-label="Dismiss">
          ×
        </button>
      </div>
    );
  }
  if (!notice) return null;
  return (
    <div className="error-banner notice-banner" role="status" data-testid="notice-banner">
      <span data-testid="notice-message">{notice}</span>
      <button data-testid="notice-dismiss" onClick={dismissNotice} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
