import { createRoot } from 'react-dom/client';
import { App } from './App';
import { persistSettings } from './state/persistSettings';
import './ui/app.css';

persistSettings();

// No StrictMode: its doubled effects would start the renderer and a `?url=` download twice.
createRoot(document.getElementById('root')!).render(<App />);
