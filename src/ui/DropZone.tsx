// The whole window takes dropped files: several at once (OBJ with its MTL, NPY siblings), or a
// folder (a ShapeNet model's, a Pointcept scene's); with Shift held they replace the layers shown
// instead of joining them.
import { useState, type ReactNode } from 'react';
import type { FolderFile } from '../features/load/loadFiles';
import { droppedFolderEntries, filesOfEntries } from './droppedFolder';

export interface DropZoneProps {
  children: ReactNode;
  onFiles: (files: File[], replace: boolean) => void;
  /** a drop that holds a folder: its files, listed as they are walked */
  onFolder: (name: string, files: Promise<FolderFile[]>, replace: boolean) => void;
}

export function DropZone({ children, onFiles, onFolder }: DropZoneProps) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const entries = droppedFolderEntries(e.dataTransfer);
        if (entries) onFolder(entries.map((entry) => entry.name).join(', '), filesOfEntries(entries), e.shiftKey);
        else onFiles([...e.dataTransfer.files], e.shiftKey);
      }}
    >
      {children}
      {over && <div className="drop-hint">Drop to open</div>}
    </div>
  );
}
