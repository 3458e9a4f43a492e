import { useEffect } from 'react';
import { Viewer } from './render/Viewer';
import { DropZone } from './ui/DropZone';
import { ErrorBanner } from './ui/ErrorBanner';
import { HelpOverlay } from './ui/HelpOverlay';
import { loadUrls } from './ui/loadFiles';
import { PanelColumn } from './ui/PanelColumn';
import { ProgressBar } from './ui/ProgressBar';
import { StatusLine } from './ui/StatusLine';
import { Toolbar } from './ui/Toolbar';
import { useKeyboardShortcuts } from './ui/useKeyboardShortcuts';

export function App() {
  useKeyboardShortcuts();
  useEffect(() => {
    // `?url=a.obj&url=a.mtl` opens a file with its companions.
    void loadUrls(new URLSearchParams(location.search).getAll('url'));
  }, []);
  return (
    <DropZone>
      <Viewer />
      <Toolbar />
      <PanelColumn side="left" />
      <PanelColumn side="right" />
      <ProgressBar />
      <ErrorBanner />
      <StatusLine />
      <HelpOverlay />
    </DropZone>
  );
}
