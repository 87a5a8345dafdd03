import ForgeReconciler from '@forge/react';
import { StrictMode } from 'react';
import { AdminPage } from './AdminPage';

ForgeReconciler.render(
  <StrictMode>
    <AdminPage />
  </StrictMode>,
);
