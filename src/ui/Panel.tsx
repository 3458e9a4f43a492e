import { useState, type ReactNode } from 'react';

export interface PanelProps {
  id: string;
  title: string;
  collapsed?: boolean;
  children: ReactNode;
}

export function Panel({ id, title, collapsed = false, children }: PanelProps) {
  const [open, setOpen] = useState(!collapsed);
  return (
    <section className="panel" data-testid={`panel-${id}`}>
      <button className="panel-title" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="chevron">{open ? '▾' : '▸'}</span> {title}
      </button>
      {open && <div className="panel-body">{children}</div>}
    </section>
  );
}
