// Serves the test page, the modeling distribution from node_modules and the element templates
// from loopback.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject' };

/** The templates of one folder, not its subfolders. */
function templatesIn(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && statSync(join(dir, f)).isFile())
    .flatMap((f) => {
      const parsed = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return Array.isArray(parsed) ? parsed : [parsed];
    });
}

/** The current templates users install (the folder's top level, like Modeler's resources dir). */
export function loadTemplates(dir) {
  return templatesIn(dir);
}

/** What the Modeler loads: the current templates and their earlier versions (versioned/). */
export function loadTemplatesWithVersions(dir) {
  const versioned = join(dir, 'versioned');
  return [...templatesIn(dir), ...(existsSync(versioned) ? templatesIn(versioned) : [])];
}

/**
 * Templates of other connectors, as a Modeler user has them installed beside these: with more
 * than five templates the chooser shows its search box, and searches must not find them by
 * Intercom's words alone.
 */
export function otherConnectors(pageDir) {
  return JSON.parse(readFileSync(join(pageDir, 'other-templates.json'), 'utf8'));
}

export function startServer({ pageDir, modulesDir, templatesDir }) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file;
    if (url.pathname === '/element-templates') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([...loadTemplatesWithVersions(templatesDir), ...otherConnectors(pageDir)]));
      return;
    } else if (url.pathname.startsWith('/modules/')) {
      file = resolve(modulesDir, '.' + url.pathname.slice('/modules'.length));
      if (!file.startsWith(resolve(modulesDir))) file = null;
    } else {
      file = resolve(pageDir, '.' + (url.pathname === '/' ? '/index.html' : url.pathname));
      if (!file.startsWith(resolve(pageDir))) file = null;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
