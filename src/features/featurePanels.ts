// Every feature's side panels, in their columns' order.
import { AlignPanel } from './align/AlignPanel';
import { RecognitionPanel } from './classification/RecognitionPanel';
import { ProbePanel } from './explain/ProbePanel';
import { ExportPanel } from './export/ExportPanel';
import { ClipPanel } from './clip/ClipPanel';
import { ComparePanel } from './compare/ComparePanel';
import { GalleryPanel } from './gallery/GalleryPanel';
import { LayersPanel } from './layers/LayersPanel';
import { MeasurePanel } from './measure/MeasurePanel';
import { NormalsPanel } from './normals/NormalsPanel';
import { NotesPanel } from './notes/NotesPanel';
import { ProfilePanel } from './profile/ProfilePanel';
import { StrayPanel } from './stray/StrayPanel';
import { SubsamplePanel } from './subsample/SubsamplePanel';
import { VolumePanel } from './volume/VolumePanel';
import { PlanesPanel } from './planes/PlanesPanel';
import { ClustersPanel } from './clusters/ClustersPanel';
import { GroundPanel } from './ground/GroundPanel';
import { RepresentationsPanel } from './representations/RepresentationsPanel';
import type { PanelSpec } from './panels';
import { SegmentationPanel } from './segmentation/SegmentationPanel';
import { LabellingPanel } from './labelling/LabellingPanel';
import { InfoPanel } from './viewer/InfoPanel';
import { InspectorPanel } from './viewer/InspectorPanel';
import { LegendPanel } from './viewer/LegendPanel';
import { ViewSettingsPanel } from './viewer/ViewSettingsPanel';
import { ViewsPanel } from './views/ViewsPanel';

export const PANELS: readonly PanelSpec[] = [
  { id: 'info', title: 'Info', side: 'left', order: 10, Component: InfoPanel },
  { id: 'layers', title: 'Layers', side: 'left', order: 15, Component: LayersPanel },
  { id: 'gallery', title: 'Samples', side: 'left', order: 20, Component: GalleryPanel },
  { id: 'view', title: 'View', side: 'left', order: 30, Component: ViewSettingsPanel },
  { id: 'views', title: 'Views', side: 'left', order: 35, Component: ViewsPanel },
  // the tools, under the view settings (their keys reach them from anywhere)
  { id: 'measure', title: 'Measure', side: 'left', order: 40, Component: MeasurePanel },
  { id: 'notes', title: 'Notes', side: 'left', order: 41, Component: NotesPanel },
  { id: 'clip', title: 'Clip and section', side: 'left', order: 45, Component: ClipPanel },
  { id: 'profile', title: 'Height profile', side: 'left', order: 47, Component: ProfilePanel },
  { id: 'volume', title: 'Volume', side: 'left', order: 47.5, Component: VolumePanel },
  { id: 'stray', title: 'Stray points', side: 'left', order: 48, Component: StrayPanel },
  { id: 'subsample', title: 'Subsample', side: 'left', order: 49.5, Component: SubsamplePanel },
  { id: 'planes', title: 'Planes', side: 'left', order: 49, Component: PlanesPanel },
  { id: 'clusters', title: 'Clusters', side: 'left', order: 49.2, Component: ClustersPanel },
  { id: 'ground', title: 'Ground', side: 'left', order: 49.3, Component: GroundPanel },
  { id: 'normals', title: 'Normals', side: 'left', order: 50, Component: NormalsPanel },
  { id: 'compare', title: 'Distance to a layer', side: 'left', order: 55, Component: ComparePanel },
  { id: 'align', title: 'Align to a layer', side: 'left', order: 56, Component: AlignPanel },
  { id: 'recognition', title: 'Recognition', side: 'right', order: 10, Component: RecognitionPanel },
  { id: 'robustness', title: 'Robustness', side: 'right', order: 15, Component: ProbePanel, collapsed: true },
  { id: 'segmentation', title: 'Scene segmentation', side: 'right', order: 20, Component: SegmentationPanel },
  // under the results it saves
  { id: 'export', title: 'Export', side: 'right', order: 21, Component: ExportPanel },
  { id: 'labelling', title: 'Correct and label', side: 'right', order: 22, Component: LabellingPanel },
  { id: 'representations', title: 'Representations', side: 'right', order: 25, Component: RepresentationsPanel, collapsed: true },
  { id: 'legend', title: 'Legend', side: 'right', order: 30, Component: LegendPanel },
  { id: 'inspector', title: 'Inspector', side: 'right', order: 40, Component: InspectorPanel },
];
