import { chromium } from "playwright-core";
const [file, sel, out] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const p = await b.newPage();
await p.setViewportSize({ width: 800, height: 900 });
await p.goto("file://" + file);
await p.locator(sel).first().screenshot({ path: out });
await b.close();
