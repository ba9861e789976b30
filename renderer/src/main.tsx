// Renderer entry: connects to the studio backend (Electron IPC or headless WebSocket) and mounts the app.
// Global styles first: component style sheets imported by the app then come after them and win ties.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/areas.css';
import './styles/record.css';
import './styles/record-takes.css';
import './styles/record-review.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStudio } from './api/connect';
import { StudioProvider } from './api/StudioProvider';
import { App } from './app/App';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <StudioProvider connection={connectStudio()}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
