/**
 * One palette for the emails and the pages, light and dark. Every text colour keeps at least
 * 4.5:1 contrast with the background it sits on (the browser tests check it with axe, in both
 * colour schemes).
 */
export const light = {
  ink: "#1f2933",
  muted: "#52606d",
  line: "#cbd2d9",
  bg: "#f4f6f5",
  card: "#ffffff",
  accent: "#0b6e5f",
  onAccent: "#ffffff",
  soft: "#eef6f3",
  bar: "#2f8f7f",
  track: "#e4e7eb",
  urgent: "#b7472a",
  urgentBg: "#fff8f5",
  soon: "#a85d00",
  soonBg: "#fffaf0",
} as const;

export const dark: Record<keyof typeof light, string> = {
  ink: "#e6ece9",
  muted: "#b4c0bb",
  line: "#3d4b46",
  bg: "#111816",
  card: "#1b2421",
  accent: "#6fd6bf",
  onAccent: "#0b1f1a",
  soft: "#1f302b",
  bar: "#6fd6bf",
  track: "#3d4b46",
  urgent: "#ff9f85",
  urgentBg: "#33201b",
  soon: "#f2b866",
  soonBg: "#30261a",
};

/**
 * The emails' dark scheme. Email HTML carries its colours inline (many clients drop <style>),
 * so clients that do honour `prefers-color-scheme` get these overrides by class.
 */
export const darkEmailCss = `
:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme: dark){
body.u-page,body.u-page>div{background-color:${dark.bg}!important}
.u-card,.u-card>table{background:${dark.card}!important;background-color:${dark.card}!important}
.u-page *{color:${dark.ink}!important}
.u-page a{color:${dark.accent}!important}
.u-page .u-muted,.u-page .u-muted *{color:${dark.muted}!important}
.u-page .u-box{background-color:${dark.soft}!important;border-color:${dark.accent}!important}
.u-page .u-urgent{background-color:${dark.urgentBg}!important;border-color:${dark.urgent}!important}
.u-page .u-soon{background-color:${dark.soonBg}!important;border-color:${dark.soon}!important}
.u-page .u-button,.u-page .u-button *,.u-page a.u-button{background:${dark.accent}!important;background-color:${dark.accent}!important;color:${dark.onAccent}!important}
.u-page a.u-score{background-color:${dark.card}!important;color:${dark.accent}!important;border-color:${dark.accent}!important}
.u-page .u-bar-on{background-color:${dark.bar}!important}
.u-page .u-bar-off{background-color:${dark.track}!important}
.u-page .u-bar-on,.u-page .u-bar-off{border-color:${dark.card}!important}
}`.trim();
