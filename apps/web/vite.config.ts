import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API (accessgraph serve) runs on 7420 in development; the built app is served by it.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:7420' } },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
});
