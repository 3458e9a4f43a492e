import { useCallback, useEffect, useRef } from 'react';
import { setClipBox } from './features/clip/clip';
import { showDetailAt } from './features/detail/detail';
import { PANELS } from './features/featurePanels';
import { EnlargedProfile } from './features/profile/EnlargedProfile';
import { GalleryDrawer } from './features/gallery/GalleryDrawer';
import { openFromAddress } from './features/gallery/samples';
import { inference } from './features/models/inference';
import { SelectionGesture } from './features/labelling/SelectionGesture';
import { copcViewChanged } from './features/load/copcStream';
import type { FolderFile } from './features/load/loadFiles';
import { openDropped, openDroppedFolder } from './features/load/openDropped';
import { connectKeptNotes } from './features/notes/keptNotes';
import { connectKeptMeasurements } from './features/measure/keptMeasurements';
import { connectKeptProfile } from './features/profile/keptProfile';
import { useKeyboardShortcuts } from './features/viewer/useKeyboardShortcuts';
import { connectViews, openLinkedView } from './features/views/views';
import { pickableLayers, pickPoint, setRenderer } from './features/viewer/viewer';
import { Viewer } from './render/Viewer';
import type { ViewerHandle } from './render/viewerHandle';
import { DropZone } from './ui/DropZone';
import { ErrorBanner } from './ui/ErrorBanner';
import { HelpOverlay } from './ui/HelpOverlay';
import { PanelColumn } from './ui/PanelColumn';
import { ProgressBar } from './ui/ProgressBar';
import { StatusLine } from './ui/StatusLine';
import { installTestHook } from './ui/testHook';
import { Toolbar } from './ui/Toolbar';

const onFiles = (files: File[], replace: boolean) => void openDropped(files, replace);
const onFolder = (name: string, files: Promise<FolderFile[]> | FolderFile[], replace: boolean) => void openDroppedFolder(name, files, replace);

export function App() {
  const handle = useRef<ViewerHandle | null>(null);
  const onHandle = useCallback((h: ViewerHandle | null) => {
    handle.current = h;
  }, []);
  const view = useCallback(() => handle.current?.view() ?? null, []);
  useKeyboardShortcuts();
  useEffect(() => {
    installTestHook(() => handle.current);
    // the panels' model cards come from the manifest the worker reads; a failure shows there
    inference().catch(() => undefined);
    connectViews(() => handle.current?.cameraView() ?? null);
    connectKeptNotes();
    connectKeptMeasurements();
    connectKeptProfile();
    void openLinkedView(openFromAddress());
  }, []);
  return (
    <DropZone onFiles={onFiles} onFolder={onFolder}>
      <Viewer onRenderer={setRenderer} onPick={pickPoint} pickable={pickableLayers} onHandle={onHandle} onClipBox={setClipBox} onViewSettled={showDetailAt} onLodView={copcViewChanged} />
      <SelectionGesture view={view} />
      <Toolbar onFiles={onFiles} onFolder={onFolder} screenshot={() => handle.current?.screenshot()} />
      <PanelColumn side="left" panels={PANELS} />
      <PanelColumn side="right" panels={PANELS} />
      <EnlargedProfile />
      <GalleryDrawer />
      <ProgressBar />
      <ErrorBanner />
      <StatusLine />
      <HelpOverlay />
    </DropZone>
  );
}
