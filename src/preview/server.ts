import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LIMITS } from '../sources/limits.ts';
import { readSourceBytes } from '../sources/text-file.ts';
import type { Format } from '../writers/registry.ts';
import type { PreviewEdition, PreviewEditions, RebuildReport } from './editions.ts';
import { EDITION_HEADER_CSP, editionPage, homePage, PREVIEW_CSP } from './pages.ts';
import { isLocalHost, pathSegments } from './safe-path.ts';

/** Only 127.0.0.1: the preview is never reachable from another machine. */
export const HOST = '127.0.0.1';

/** At most this many pages listen for reloads at once (each open tab is one); more are refused with 503. */
export const MAX_LISTENERS = 64;

/** The folders of a project whose files the preview shows as text (where a problem points). */
const SOURCE_FOLDERS = new Set(['policies', 'schools', 'templates']);

export class PortInUseError extends Error {}

export interface PreviewServer {
  url: string;
  port: number;
  /** Tells every open page which editions were made again (they reload if theirs is one). */
  announce(report: RebuildReport): void;
  close(): Promise<void>;
}

const FILE_TYPES: Record<'pdf' | 'docx', { type: string; disposition: string }> = {
  pdf: { type: 'application/pdf', disposition: 'inline' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', disposition: 'attachment' },
};

/**
 * The preview's HTTP server on 127.0.0.1: the home page, each edition's page (toolbar,
 * problems, the edition in a frame), the edition itself in HTML, PDF and DOCX (made on
 * demand), the project's sources as text, and `/events`, the server-sent events that
 * reload open pages. A request whose Host is not this server's local address is refused
 * (421: a page elsewhere cannot reach it through DNS rebinding); any path not one of
 * these (`..`, encoded slashes, links out of the project) is 404.
 */
export async function startServer(editions: PreviewEditions, port: number, ready: Promise<unknown> = Promise.resolve()): Promise<PreviewServer> {
  const listeners = new Set<ServerResponse>();
  let bound = port;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `policyc preview: ${(e as Error).message}\n`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLocalHost(req.headers.host, bound)) return send(res, 421, 'text/plain; charset=utf-8', `policyc preview answers only as http://${HOST}:${bound}/ or http://localhost:${bound}/\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'only GET and HEAD\n');
    }
    await ready;
    const segments = pathSegments(req.url ?? '');
    if (!segments) return notFound(res);
    const [top, ...rest] = segments;
    if (top === undefined) return send(res, 200, 'text/html; charset=utf-8', homePage(editions.list()), PREVIEW_CSP);
    if (top === 'events' && rest.length === 0) return events(req, res);
    if (top === 'edition' && rest.length === 2) return edition(res, rest[0]!, rest[1]!, req.url!.split('?')[0]!.endsWith('/'));
    if (top === 'source' && rest.length >= 2 && SOURCE_FOLDERS.has(rest[0]!)) return source(res, rest);
    return notFound(res);
  }

  async function edition(res: ServerResponse, school: string, name: string, isPage: boolean): Promise<void> {
    if (isPage) {
      const e = editions.get(`${school}/${name}`);
      if (!e) return notFound(res);
      const policies = editions.list().filter((x) => x.school === e.school).map((x) => ({ id: x.policy, title: x.title }));
      const schools = unique(editions.list().filter((x) => x.policy === e.policy)).map((x) => ({ id: x.school, name: x.schoolName }));
      return send(res, 200, 'text/html; charset=utf-8', editionPage(e, policies, schools), PREVIEW_CSP);
    }
    const match = /^(.+)\.(html|pdf|docx)$/.exec(name);
    if (!match) return notFound(res);
    const [, policy, format] = match as unknown as [string, string, Format];
    const e = editions.get(`${school}/${policy}`);
    if (!e) return notFound(res);
    const bytes = await editions.file(e.id, format);
    if (!bytes) return send(res, 404, 'text/plain; charset=utf-8', `no edition of ${e.id} has been made without errors yet\n`);
    if (format === 'html') return send(res, 200, 'text/html; charset=utf-8', bytes, EDITION_HEADER_CSP);
    const type = FILE_TYPES[format];
    res.setHeader('Content-Disposition', `${type.disposition}; filename="${policy}.${format}"`);
    return send(res, 200, type.type, bytes, "default-src 'none'");
  }

  async function source(res: ServerResponse, parts: string[]): Promise<void> {
    const rel = parts.join('/');
    // The sources' own reader: the real path (every link resolved) must be a regular file inside the project.
    const { bytes } = await readSourceBytes(join(editions.root, ...parts), rel, editions.root, LIMITS.configBytes);
    if (!bytes) return notFound(res);
    const type = rel.endsWith('.png') ? 'image/png' : 'text/plain; charset=utf-8';
    return send(res, 200, type, bytes, "default-src 'none'");
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    if (listeners.size >= MAX_LISTENERS) return send(res, 503, 'text/plain; charset=utf-8', `policyc preview: ${MAX_LISTENERS} pages are open already; close some\n`);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    res.write('retry: 1000\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE'
        ? new PortInUseError(`port ${port} on ${HOST} is in use (another policyc preview, or another server): stop it, or choose another port with --port <n> (--port 0 picks a free one)`)
        : e.code === 'EACCES'
          ? new PortInUseError(`port ${port} on ${HOST} cannot be used without privileges: choose one above 1023 with --port <n>`)
          : e);
    };
    server.once('error', failed);
    server.listen(port, HOST, () => {
      server.off('error', failed);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${bound}/`,
    port: bound,
    announce(report) {
      const data = JSON.stringify({ editions: report.editions, removed: report.removed, errors: report.errors, warnings: report.warnings });
      for (const res of listeners) res.write(`event: rebuild\ndata: ${data}\n\n`);
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of listeners) res.end();
      listeners.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function unique(list: PreviewEdition[]): PreviewEdition[] {
  const seen = new Set<string>();
  return list.filter((e) => !seen.has(e.school) && seen.add(e.school));
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, csp = "default-src 'none'"): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
