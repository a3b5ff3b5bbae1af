import { raw } from "hono/html";
import { SMALL_CELL, type Stats, type StatsFilter } from "../stats/figures";
import { count } from "./cells";
import { renderChart } from "./charts";
import { isChart, type Section } from "./section";
import { sectionsOf } from "./sections";
import { styles } from "./styles";

export interface ReportOptions {
  /** where the figures came from: a table name, or "demo data" */
  source: string;
  filter: StatsFilter;
  generatedAt: Date;
}

function rangeOf({ from, to }: StatsFilter): string {
  if (from && to) return `Signups from ${from} to ${to}`;
  if (from) return `Signups from ${from}`;
  if (to) return `Signups up to ${to}`;
  return "All signups";
}

function SectionView({ section, svg }: { section: Section; svg?: string }) {
  const { table } = section;
  return (
    <section id={section.id} aria-labelledby={`${section.id}-heading`}>
      <h2 id={`${section.id}-heading`}>{section.heading}</h2>
      {section.intro.map((text) => (
        <p>{text}</p>
      ))}
      {svg && <figure class="chart">{raw(svg)}</figure>}
      {section.chart && !isChart(section.chart) && <p class="no-chart">{section.chart.tooFew}</p>}
      <div class="table" role="region" aria-label={table.caption} tabindex={0}>
        <table>
          <caption>{table.caption}</caption>
          <thead>
            <tr>
              {table.head.map((label) => (
                <th scope="col">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map(([label, ...cells]) => (
              <tr>
                <th scope="row">{label}</th>
                {cells.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The whole report: one HTML file with its styles and charts inline, nothing to fetch. */
export async function reportHtml(stats: Stats, options: ReportOptions): Promise<string> {
  const sections = sectionsOf(stats);
  const svgs = await Promise.all(sections.map((section) => (isChart(section.chart) ? renderChart(section.chart) : undefined)));
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <title>unknot report</title>
        <style>{raw(styles)}</style>
      </head>
      <body>
        <header>
          <h1>unknot report</h1>
          <p>
            {`${options.source}. ${rangeOf(options.filter)}: ${count(stats.subscribers)}. Made ${options.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`}
          </p>
          <p>
            Aggregates only: no address, id or note is in this file. Any figure about fewer than {SMALL_CELL} subscribers
            reads “fewer than {SMALL_CELL}”, and is left out of the charts.
          </p>
        </header>
        <aside class="caveat" aria-label="How to read the outcomes">
          <h2>Before reading the outcomes</h2>
          <p>
            These are self-reported answers from the people who chose to sign up and to answer, with no comparison group.
            Back pain often eases on its own, people who feel better or worse may stop answering, and nothing here
            separates the program from everything else in their lives. The figures describe this group; they are not
            evidence that the program works.
          </p>
        </aside>
        <main>
          {sections.map((section, i) => (
            <SectionView section={section} svg={svgs[i]} />
          ))}
        </main>
        <footer>
          <p>
            Definitions: “signed up” counts everyone who gave consent in the date range, whatever their status now;
            addresses kept only as a one-way id after a bounce or complaint are not signups. “Completed” means they got
            the last email of their own program, whatever they did after. Unsubscribe, bounce and complaint rates among
            subscribers count only people who had confirmed. The outcome questions are the PEG (Krebs et al. 2009) and a
            global rating of change in our own words. The same figures, unsuppressed, come from{" "}
            <code>npm run stats -- --json</code>.
          </p>
        </footer>
      </body>
    </html>
  );
  return `<!DOCTYPE html>\n${await page.toString()}`;
}
