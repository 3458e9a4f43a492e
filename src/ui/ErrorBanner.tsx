import { useAppStore } from '../state/store';

/** A failure (red, an alert) or, where there is none, a notice of what an action did besides (neutral, a status). */
export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const notice = useAppStore((s) => s.notice);
  const dismissError = useAppStore((s) => s.dismissError);
  const dismissNotice = useAppStore((s) => s.dismissNotice);
  if (error) return <Banner kind="error" message={error} dismiss={dismissError} />;
  return notice ? <Banner kind="notice" message={notice} dismiss={dismissNotice} /> : null;
}

function Banner({ kind, message, dismiss }: { kind: 'error' | 'notice'; message: string; dismiss: () => void }) {
  return (
    <div className={kind === 'error' ? 'error-banner' : 'error-banner notice-banner'} role={kind === 'error' ? 'alert' : 'status'} data-testid={`${kind}-banner`}>
      <span data-testid={`${kind}-message`}>{message}</span>
      <button data-testid={`${kind}-dismiss`} onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
