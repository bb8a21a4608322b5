import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The admin panel is served by the Knowpay server itself at /admin (see
 * src/server/admin-static.ts) and talks to /graphql on the same origin, so
 * the build needs no proxy or environment: base /admin/, output admin-ui/dist.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4000,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
