import { useRef, useState } from 'react';
import { formatCoordinates } from '../../core/format';
import { MAX_NOTE_LENGTH } from '../../core/notes/notesJson';
import { unitSymbol } from '../../core/units';
import { usePlacedNotes, type PlacedNote } from '../../state/notes';
import { useAppStore } from '../../state/store';
import { cancelNote, editNote, exportNotes, frameNote, importNotes, removeNote, saveNote, toggleAddingNote } from './notes';
import './notes.css';

/** A text field that gives its text on Enter, and gives up on Escape. */
function NoteText({ initial, onDone, onCancel, label }: { initial: string; onDone: (text: string) => void; onCancel: () => void; label: string }) {
  const [text, setText] = useState(initial);
  return (
    <form
      className="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(text);
      }}
    >
      <input
        autoFocus
        data-testid="note-text"
        aria-label={label}
        placeholder="crack here, valve 3…"
        maxLength={MAX_NOTE_LENGTH}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      />
      <button type="submit" data-testid="note-save" disabled={!text.trim()}>
        Save
      </button>
    </form>
  );
}

function NoteRow({ note, several }: { note: PlacedNote & { id: number }; several: boolean }) {
  const [editing, setEditing] = useState(false);
  const id = note.id;
  return (
    <li data-testid="note" data-note={id} data-layer={note.layerId}>
      {editing ? (
        <NoteText
          initial={note.text}
          label="The note's text"
          onDone={(text) => {
            editNote(id, text);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <button className="note-text" data-testid="note-frame" onClick={() => frameNote(id)} title="Turn the view to it">
          {note.text}
        </button>
      )}
      <span className="note-actions">
        <button onClick={() => setEditing(!editing)} data-testid="note-edit" aria-label="Edit this note" title="Edit">
          ✎
        </button>
        <button onClick={() => removeNote(id)} data-testid="note-remove" aria-label="Remove this note" title="Remove">
          ×
        </button>
      </span>
      <span className="note-where muted" data-testid="note-position" title="As its file stores it">
        {several && `${note.fileName}: `}
        {formatCoordinates(note.inFile, 4)}
        {note.unit && ` ${unitSymbol(note.unit)}`}
      </span>
    </li>
  );
}

export function NotesPanel() {
  const layer = useAppStore((s) => s.layer);
  const layers = useAppStore((s) => s.layers);
  const notes = useAppStore((s) => s.notes);
  const placed = usePlacedNotes();
  const input = useRef<HTMLInputElement>(null);
  if (!layer) return <p className="muted">Open a file to pin notes to its points.</p>;
  const listed = placed.filter((n): n is PlacedNote & { id: number } => n.id !== null);
  return (
    <div className="notes" data-testid="notes">
      <div className="row">
        <button data-testid="note-add" className={notes.adding ? 'active' : undefined} aria-pressed={notes.adding} onClick={() => toggleAddingNote()}>
          Add note
        </button>
        <button data-testid="notes-export" disabled={!listed.length} onClick={exportNotes} title="The notes, in their files' coordinates and units, as JSON">
          Export notes
        </button>
        <button data-testid="notes-import" onClick={() => input.current?.click()} title={`Notes saved by Export notes, pinned to ${layer.fileName} at their coordinates`}>
          Import notes
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="notes-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importNotes(file);
          }}
        />
      </div>
      {notes.adding && !notes.pending && (
        <p className="muted" data-testid="note-hint">
          Click a point for the note (Esc puts the tool down).
        </p>
      )}
      {notes.pending && <NoteText key={`${notes.pending.layerId}:${notes.pending.index}`} initial="" label="The new note's text" onDone={saveNote} onCancel={cancelNote} />}
      {listed.length > 0 && (
        <ul className="notes-list">
          {listed.map((n) => (
            <NoteRow key={n.id} note={n} several={layers.length > 1} />
          ))}
        </ul>
      )}
    </div>
  );
}
