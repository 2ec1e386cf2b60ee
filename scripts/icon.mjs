// Draws images/icon.png (128x128), the extension's icon: three numbered pods (the
// StatefulSet's ordinals 0, 1, 2) hanging from one line (their headless Service), on a
// Kubernetes-blue rounded square. Pure Node (zlib), anti-aliased by 4x4 supersampling.
import fs from 'node:fs';
import zlib from 'node:zlib';

const SIZE = 128;
const SS = 4;
const BLUE = [50, 108, 229];
const WHITE = [255, 255, 255];

/** Signed distance helpers in icon pixels. */
const roundedSquare = (x, y, inset, r) => {
  const qx = Math.abs(x - 64) - (64 - inset - r);
  const qy = Math.abs(y - 64) - (64 - inset - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, w) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - w / 2;
};
const PODS = [30, 64, 98];

/** The colour of one point: [r, g, b, a]. */
function shade(x, y) {
  if (roundedSquare(x, y, 4, 22) > 0) return [0, 0, 0, 0];
  // The Service: a bar across the top, with a drop to each pod.
  const service = Math.min(segment(x, y, 24, 36, 104, 36, 8), ...PODS.map((px) => segment(x, y, px, 36, px, 62, 6)));
  const pod = Math.min(...PODS.map((px) => circle(x, y, px, 80, 14)));
  const hole = Math.min(...PODS.map((px) => circle(x, y, px, 80, 6)));
  if ((service <= 0 || pod <= 0) && !(hole <= 0)) return [...WHITE, 255];
  return [...BLUE, 255];
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
        sum[3] += c[3];
      }
    }
    const a = sum[3] / (SS * SS);
    for (let i = 0; i < 3; i++) row[1 + px * 4 + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
    row[1 + px * 4 + 3] = Math.round(a);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
