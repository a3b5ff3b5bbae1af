import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Charts for the report: Vega-Lite specs compiled and rendered to SVG here, at report time, so
 * the file needs no script to show them. Each SVG is an image with a title and a description
 * that say what it shows; the numbers are in the data table under it.
 */
/** Omit over each member of a union (TopLevelSpec is one: unit, layer, concat…). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Chart {
  /** unique in the page: the SVG's title and description ids derive from it */
  id: string;
  title: string;
  description: string;
  /** the plot's width in px; narrower for bar charts with long labels beside them */
  width?: number;
  spec: OmitEach<TopLevelSpec, "title" | "description" | "config" | "width" | "height">;
}

/**
 * Drawn at phone width with a legible type size: with its axes and labels a chart stays within
 * a 375 px phone's column (351 px), so the page only ever scales it up (to a modest width).
 */
const WIDTH = 270;
const HEIGHT = 190;
export const INK = "#1f4e63";
export const BAND = "#a9cddd";
export const ACCENT = "#b5472b";

const config = {
  aria: false, // the whole chart is one image with a title and a description; marks stay silent
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: "#333", titleColor: "#333", gridColor: "#e6e6e6" },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: "bottom" },
  view: { stroke: null },
} as const;

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The chart as an inline SVG string: role="img", labelled by its own <title> and <desc>. */
export async function renderChart(chart: Chart): Promise<string> {
  const spec = { ...chart.spec, width: chart.width ?? WIDTH, height: HEIGHT, config } as TopLevelSpec;
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return svg
    // Vega still labels its mark groups as graphics objects; inside one image they are only noise
    .replace(/ (?:role="graphics-[a-z]+"|aria-roledescription="[^"]*")/g, "")
    .replace(
      /^<svg([^>]*)>/,
      (_, attributes: string) =>
        `<svg${attributes} role="img" aria-labelledby="${titleId} ${descId}" focusable="false">` +
        `<title id="${titleId}">${escapeXml(chart.title)}</title><desc id="${descId}">${escapeXml(chart.description)}</desc>`,
    );
}
