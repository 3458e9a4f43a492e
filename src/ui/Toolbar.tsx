import { useRef } from 'react';
import { supportedExtensions } from '../core/io';
import type { FolderFile } from '../features/load/loadFiles';
import { useAppStore } from '../state/store';

// what the readers take, and an OBJ's material library
const ACCEPT = [...supportedExtensions(), '.mtl'].join(',');

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
function folderFiles(list: FileList): FolderFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

interface PickerProps {
  id: 'files' | 'folder';
  label: string;
  title: string;
  /** the browser's folder picker instead of its file picker */
  folder?: boolean;
  /** what was picked, and whether Shift was held on the button */
  onPick: (list: FileList, replace: boolean) => void;
}

/** A button that opens the browser's picker (hidden input beside it). */
function Picker({ id, label, title, folder, onPick }: PickerProps) {
  const input = useRef<HTMLInputElement | null>(null);
  const replace = useRef(false);
  return (
    <>
      <button
        data-testid={`open-${id}`}
        onClick={(e) => {
          replace.current = e.shiftKey;
          input.current?.click();
        }}
        title={title}
      >
        {label}
      </button>
      <input
        ref={(el) => {
          input.current = el;
          // not in React's attribute list: the browser's own folder picker
          if (folder) el?.setAttribute('webkitdirectory', '');
        }}
        data-testid={`${id === 'files' ? 'file' : id}-input`}
        type="file"
        multiple={!folder}
        accept={folder ? undefined : ACCEPT}
        hidden
        onChange={(e) => {
          if (e.target.files?.length) onPick(e.target.files, replace.current);
          e.target.value = '';
        }}
      />
    </>
  );
}

export function Toolbar({ onFiles, onFolder, screenshot }: ToolbarProps) {
  const fileName = useAppStore((s) => s.layer?.fileName);
  const resetView = useAppStore((s) => s.resetView);
  const toggleHelp = useAppStore((s) => s.toggleHelp);
  return (
    <header className="toolbar">
      <span className="brand">pointlens</span>
      <Picker id="files" label="Open files…" title="Open files beside the layers shown, a layer each (Shift: in place of them)" onPick={(list, replace) => onFiles([...list], replace)} />
      <Picker
        id="folder"
        label="Open folder…"
        title="Open a folder (a ShapeNet model's, a Pointcept scene's): each scan or model in it as a layer, with its materials and arrays (Shift: in place of the layers shown)"
        folder
        onPick={(list, replace) => {
          const files = folderFiles(list);
          onFolder(files[0].path.split('/')[0], files, replace);
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
