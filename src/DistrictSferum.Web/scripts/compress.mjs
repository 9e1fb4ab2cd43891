// Writes .br and .gz beside every file of dist/ (the server sends them to browsers that accept them) and prints
// the first load: every file index.html pulls in, as the browser receives it (brotli).
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!/\.(br|gz)$/.test(name)) files.push(path);
  }
};
walk(dist);
let raw = 0, br = 0, gz = 0;
for (const path of files) {
  const bytes = readFileSync(path);
  const b = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const g = gzipSync(bytes, { level: 9 });
  writeFileSync(path + ".br", b);
  writeFileSync(path + ".gz", g);
  raw += bytes.length; br += b.length; gz += g.length;
}
console.log(`web app first load: ${files.length} files, ${raw} bytes, ${br} bytes brotli, ${gz} bytes gzip`);
