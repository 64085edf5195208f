import { readFileSync } from 'node:fs';
import { Deflate, inflateSync } from 'fflate';
const enc = new TextEncoder();
const shape = readFileSync(`/tmp/shape0-1`, 'utf8');
function seg(text) { const out = []; const d = new Deflate({ level: 6 }, (c) => out.push(c)); d.push(enc.encode(text)); d.flush(true); return out; }
function cat(chunks) { const n = chunks.reduce((a, c) => a + c.length, 0); const all = new Uint8Array(n); let at = 0; for (const c of chunks) { all.set(c, at); at += c.length; } return all; }
for (const len of [1000, 5000, 8000, 8192, 8200, 9000, 20000, 56000]) {
  const t = shape.slice(0, len);
  try { const r = new TextDecoder().decode(inflateSync(cat([...seg(t), new Uint8Array([3, 0])]))); console.log(len, r === t); } catch (e) { console.log(len, 'ERR', e.message); }
}
