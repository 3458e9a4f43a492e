import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerBuiltinPanels } from './ui/builtinPanels';
import { registerRecognition } from './ui/recognition';
import { installTestHook } from './ui/testHook';
import './ui/app.css';

registerBuiltinPanels();
registerRecognition();
installTestHook();

// No StrictMode: its doubled effects would start the renderer and a `?url=` download twice.
createRoot(document.getElementById('root')!).render(<App />);
