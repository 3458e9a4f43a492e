import { useRef } from 'react';
import type { FolderFile } from '../features/load/loadFiles';
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
  /** a folder's files with their paths inside it (the folder's name first) */
  onFolder: (name: string, files: FolderFile[], replace: boolean) => void;
  /** the view as a PNG data URL, once the renderer is up */
  screenshot: () => string | undefined;
}

/** A folder input's files: the browser gives each its path inside the chosen folder, the folder's name first. */
function folderFiles(list: FileList | null): FolderFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

export function Toolbar({ onFiles, onFolder, screenshot }: ToolbarProps) {
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
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
      <button
        data-testid="open-folder"
        onClick={(e) => {
          replace.current = e.shiftKey;
          folderInput.current?.click();
        }}
        title="Open a folder (a ShapeNet model's, a Pointcept scene's): its first scan or model with its materials and arrays (Shift: in place of the layers shown)"
      >
        Open folder…
      </button>
      <input
        ref={(el) => {
          folderInput.current = el;
          // not in React's attribute list: the browser's own folder picker
          el?.setAttribute('webkitdirectory', '');
        }}
        data-testid="folder-input"
        type="file"
        hidden
        onChange={(e) => {
          const files = folderFiles(e.target.files);
          if (files.length) onFolder(files[0].path.split('/')[0], files, replace.current);
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
