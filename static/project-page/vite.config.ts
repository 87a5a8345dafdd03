// Builds the project page (Custom UI) into static/project-page/build, the folder the manifest's
// `resources` entry points to. Forge serves the files from a path of its own, so asset URLs
// must be relative (base './').
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'build',
    emptyOutDir: true,
    // Forge's content security policy forbids inline scripts; keep every module in files.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
