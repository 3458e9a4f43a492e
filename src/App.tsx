import { useEffect } from 'react';
import { Viewer } from './render/Viewer';
import { DropZone } from './ui/DropZone';
import { ErrorBanner } from './ui/ErrorBanner';
import { GalleryDrawer } from './ui/GalleryDrawer';
import { HelpOverlay } from './ui/HelpOverlay';
import { PanelColumn } from './ui/PanelColumn';
import { ProgressBar } from './ui/ProgressBar';
import { openFromAddress } from './ui/samples';
import { StatusLine } from './ui/StatusLine';
import { Toolbar } from './ui/Toolbar';
import { useKeyboardShortcuts } from './ui/useKeyboardShortcuts';

export function App() {
  useKeyboardShortcuts();
  useEffect(() => openFromAddress(), []);
  return (
    <DropZone>
      <Viewer />
      <Toolbar />
      <PanelColumn side="left" />
      <PanelColumn side="right" />
      <GalleryDrawer />
      <ProgressBar />
      <ErrorBanner />
      <StatusLine />
      <HelpOverlay />
    </DropZone>
  );
}
