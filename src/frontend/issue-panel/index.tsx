import ForgeReconciler from '@forge/react';
import { StrictMode } from 'react';
import { App } from './App';

ForgeReconciler.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
