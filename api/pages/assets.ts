// The pages' static files: one stylesheet and the little script of progressive enhancement, served from
// memory with a content hash in the URL so browsers keep them for a year.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router } from 'express';

const directory = join(__dirname, 'assets');
const mediaTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

interface Asset {
  body: Buffer;
  mediaType: string;
  path: string;
}

const assets = new Map<string, Asset>(
  readdirSync(directory)
    .filter((name) => mediaTypes[extname(name)])
    .map((name) => {
      const body = readFileSync(join(directory, name));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      return [name, { body, mediaType: mediaTypes[extname(name)]!, path: `/assets/${hash}/${name}` }];
    }),
);

/** The URL of an asset by its file name, e.g. `site.css`. */
export function assetPath(name: string): string {
  const asset = assets.get(name);
  if (!asset) throw new Error(`No asset ${name}`);
  return asset.path;
}

export function assetsRouter(): Router {
  const router = Router();
  router.get('/assets/:hash/:name', (req, res, next) => {
    const asset = assets.get(req.params.name);
    if (!asset || asset.path !== req.path) return next();
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(asset.mediaType).send(asset.body);
  });
  return router;
}
