import { defineConfig } from 'vite';

// Served by the gateway at /dashboard/: the build goes straight into the jar's
// META-INF/resources/dashboard/ (see pom.xml). `npm run dev` serves it on :5173 and
// forwards the API (and its WebSocket) to a gateway on :8080.
const gateway = process.env.FLOWLENS_GATEWAY_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: 'target/classes/META-INF/resources/dashboard',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
      '/dashboard/config.json': { target: gateway, changeOrigin: true },
    },
  },
});
