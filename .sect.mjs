import { chromium } from "playwright-core";
const [file, width, ...ids] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const p = await b.newPage();
await p.setViewportSize({ width: Number(width), height: 900 });
await p.goto("file://" + file);
for (const id of ids) await p.locator(id === "header" ? "header" : `#${id}`).screenshot({ path: `/tmp/sect-${id}-${width}.png` });
await b.close();
