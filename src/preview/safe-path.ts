/**
 * The path of a request as segments, or undefined when it could name anything but what
 * the preview serves: an encoded slash or backslash (`%2f`, `%5c`), a backslash, a NUL,
 * a `.` or `..` segment (plain or encoded, `%2e%2e`), an empty segment (`//etc`), or
 * bytes that are not UTF-8. Such requests are answered 404 and nothing is read.
 */
export function pathSegments(rawUrl: string): string[] | undefined {
  const path = rawUrl.split(/[?#]/, 1)[0]!;
  if (!path.startsWith('/') || /%(?:2f|5c|00)|\\|\0/i.test(path)) return undefined;
  const raw = path === '/' ? [] : path.slice(1).replace(/\/$/, '').split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  return segments;
}

/** Whether a Host header names this server as a local address: `127.0.0.1:<port>` or `localhost:<port>`. */
export function isLocalHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
