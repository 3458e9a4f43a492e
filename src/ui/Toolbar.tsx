import { useRef } from 'react';
import { viewerHandle } from '../render/viewerHandle';
import { useViewerStore } from '../state/store';
import { loadFiles } from './loadFiles';

const ACCEPT = '.ply,.obj,.mtl,.off,.pcd,.xyz,.txt,.pts,.las,.laz,.npy';

function saveScreenshot(fileName: string | undefined): void {
  const url = viewerHandle()?.screenshot();
  if (!url) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = `${(fileName ?? 'pointlens').replace(/\.[^.]+$/, '')}.png`;
  a.click();
}

export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const fileName = useViewerStore((s) => s.layer?.fileName);
  const resetView = useViewerStore((s) => s.resetView);
  const toggleHelp = useViewerStore((s) => s.toggleHelp);
  return (
    <header className="toolbar">
      <span className="brand">pointlens</span>
      <button data-testid="open-files" onClick={() => input.current?.click()}>
        Open files…
      </button>
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        onChange={(e) => {
          void loadFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <button data-testid="reset-view" onClick={resetView} title="Reset view (R)">
        Reset view
      </button>
      <button data-testid="screenshot" onClick={() => saveScreenshot(fileName)} title="Save the view as PNG">
        Screenshot
      </button>
      <button data-testid="help" onClick={() => toggleHelp()} title="Controls (?)">
        ?
      </button>
    </header>
  );
}
