import { useRef } from 'react';
import { useAppStore } from '../state/store';

const ACCEPT = '.ply,.obj,.mtl,.off,.pcd,.xyz,.txt,.pts,.las,.laz,.npy';

function saveScreenshot(url: string | undefined, fileName: string | undefined): void {
  if (!url) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = `${(fileName ?? 'pointlens').replace(/\.[^.]+$/, '')}.png`;
  a.click();
}

export interface ToolbarProps {
  /** `replace`: in place of the layers shown (Shift on "Open files…") */
  onFiles: (files: File[], replace: boolean) => void;
  /** the view as a PNG data URL, once the renderer is up */
  screenshot: () => string | undefined;
}

export function Toolbar({ onFiles, screenshot }: ToolbarProps) {
  const input = useRef<HTMLInputElement>(null);
  const replace = useRef(false);
  const fileName = useAppStore((s) => s.layer?.fileName);
  const resetView = useAppStore((s) => s.resetView);
  const toggleHelp = useAppStore((s) => s.toggleHelp);
  return (
    <header className="toolbar">
      <span className="brand">pointlens</span>
      <button
        data-testid="open-files"
        onClick={(e) => {
          replace.current = e.shiftKey;
          input.current?.click();
        }}
        title="Open files beside the layers shown (Shift: in place of them)"
      >
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
          onFiles([...(e.target.files ?? [])], replace.current);
          e.target.value = '';
        }}
      />
      <button data-testid="reset-view" onClick={() => resetView()} title="Reset view (R)">
        Reset view
      </button>
      <button data-testid="screenshot" onClick={() => saveScreenshot(screenshot(), fileName)} title="Save the view as PNG">
        Screenshot
      </button>
      <button data-testid="help" onClick={() => toggleHelp()} title="Controls (?)">
        ?
      </button>
    </header>
  );
}
