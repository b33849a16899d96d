// The agent console (/console) and the customer chat (/chat): plain files from web/, served by Kefu itself (no CDN).
import path from 'node:path';
import express, { type Router } from 'express';

const WEB_DIR = path.resolve(__dirname, '../web');

export function pages(): Router {
  const router = express.Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(path.join(WEB_DIR, file));
  };
  router.get('/console', page('console.html'));
  router.get('/chat', page('chat.html'));
  router.use('/web', express.static(WEB_DIR, { index: false, fallthrough: false, maxAge: '1h' }));
  return router;
}
