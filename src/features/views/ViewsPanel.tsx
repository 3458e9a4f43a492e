// Views: save the camera (V), list the saved views to go back to, rename or delete them, and copy a
// link that opens the file at the view the camera has now.
import { useState } from 'react';
import { useAppStore } from '../../state/store';
import { VIEW_NAME_CHARS } from '../../state/savedViews';
import { deleteView, goToView, linkProblem, renameView, saveView, viewLink } from './views';
import './views.css';

/** A view's name, typed in place: Enter or leaving the field keeps it, Escape leaves the old one. */
function NameField({ index, name, done }: { index: number; name: string; done: () => void }) {
  const [text, setText] = useState(name);
  return (
    <input
      autoFocus
      data-testid="view-name"
      value={text}
      maxLength={VIEW_NAME_CHARS}
      aria-label="View name"
      onChange={(e) => setText(e.target.value)}
      onFocus={(e) => e.target.select()}
      onBlur={() => {
        renameView(index, text);
        done();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        else if (e.key === 'Escape') {
          setText(name);
          done();
        }
      }}
    />
  );
}

/** "Copy link to this view", and the link it made, to copy by hand where the clipboard is closed to the page. */
function ViewLink() {
  // the address changes with every file opened, and so with the layers
  useAppStore((s) => s.layers);
  const [made, setMade] = useState<{ link: string; copied: boolean | null } | null>(null);
  const problem = linkProblem();
  const copy = () => {
    const link = viewLink();
    if (!link) return;
    setMade({ link, copied: null });
    navigator.clipboard?.writeText(link).then(
      () => setMade({ link, copied: true }),
      () => setMade({ link, copied: false }),
    );
  };
  return (
    <>
      <button data-testid="copy-view-link" disabled={problem !== null} title={problem ?? 'A link that opens this file with the camera where it is now'} onClick={copy}>
        Copy link to this view
      </button>
      {problem && (
        <p className="muted" data-testid="view-link-problem">
          {problem}
        </p>
      )}
      {!problem && made && (
        <>
          <p className="muted">{made.copied === true ? 'Copied:' : made.copied === false ? 'The browser did not let the page copy it; copy it from here:' : 'The link:'}</p>
          <input className="views-link" readOnly data-testid="view-link" value={made.link} onFocus={(e) => e.target.select()} aria-label="Link to the view" />
        </>
      )}
    </>
  );
}

export function ViewsPanel() {
  const layer = useAppStore((s) => s.layer);
  const saved = useAppStore((s) => s.views.saved);
  const [editing, setEditing] = useState<number | null>(null);
  if (!layer) return <p className="muted">Open a file to save views of it.</p>;
  return (
    <div className="views" data-testid="views">
      <button data-testid="save-view" onClick={saveView} title="Keep the camera as it is now, to come back to (V)">
        Save view
      </button>
      {saved.length > 0 && (
        <ul className="views-list">
          {saved.map((v, i) => (
            <li key={i} data-testid="saved-view">
              {editing === i ? (
                <NameField index={i} name={v.name} done={() => setEditing(null)} />
              ) : (
                <button className="view-go" data-testid="go-to-view" onClick={() => goToView(i)} onDoubleClick={() => setEditing(i)} title="Move the camera to this view (double-click: rename)">
                  {v.name}
                </button>
              )}
              <button className="view-icon" data-testid="rename-view" onClick={() => setEditing(i)} title="Rename" aria-label={`Rename ${v.name}`}>
                ✎
              </button>
              <button className="view-icon" data-testid="delete-view" onClick={() => deleteView(i)} title="Delete" aria-label={`Delete ${v.name}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <ViewLink />
    </div>
  );
}
