import { createRoot } from 'react-dom/client';
import { App } from './App';
import { persistSettings } from './state/persistSettings';
import { registerBuiltinPanels } from './ui/builtinPanels';
import { registerGallery } from './ui/gallery';
import { registerRecognition } from './ui/recognition';
import { installTestHook } from './ui/testHook';
import './ui/app.css';

registerBuiltinPanels();
registerRecognition();
registerGallery();
persistSettings();
installTestHook();

// No StrictMode: its doubled effects would start the renderer and a `?url=` download twice.
createRoot(document.getElementById('root')!).render(<App />);
