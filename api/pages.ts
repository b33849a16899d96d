// The agent console (/console) and the customer chat (/chat): plain files from web/, served by Kefu itself (no CDN).
import path from 'node:path';
import express, { type Router } from 'express';

const WEB_DIR = path.resolve(__dirname, '../web');

/** Everything a page loads comes from Kefu: the browser refuses anything else, so a stray CDN link shows at once. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export function pages(): Router {
  const router = express.Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.set('X-Content-Type-Options', 'nosniff');
    res.sendFile(path.join(WEB_DIR, file));
  };
  router.get('/console', page('console.html'));
  router.get('/chat', page('chat.html'));
  // No build step, so no content hashes in the names: the browser checks each file again (a 304 when unchanged).
  router.use('/web', express.static(WEB_DIR, { index: false, fallthrough: false, maxAge: 0 }));
  return router;
}
