// The whole window takes dropped files: several at once (OBJ with its MTL, NPY siblings); with Shift
// held they replace the layers shown instead of joining them.
import { useState, type ReactNode } from 'react';

export function DropZone({ children, onFiles }: { children: ReactNode; onFiles: (files: File[], replace: boolean) => void }) {
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
        onFiles([...e.dataTransfer.files], e.shiftKey);
      }}
    >
      {children}
      {over && <div className="drop-hint">Drop to open</div>}
    </div>
  );
}
