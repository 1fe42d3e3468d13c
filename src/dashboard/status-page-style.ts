/** The status page's stylesheet: system fonts, a grid of cards, Okabe-Ito accents; no external fonts or CSS. */
import { FONT_STACK } from './plotly-figure.js';
import { OKABE_ITO } from './palette.js';

export const STATUS_PAGE_CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d8dde3; --bg: #f4f6f8; --card: #ffffff;
  --blue: ${OKABE_ITO.blue}; --green: ${OKABE_ITO.bluishGreen}; --orange: ${OKABE_ITO.orange};
  --red: ${OKABE_ITO.vermillion}; --sky: ${OKABE_ITO.skyBlue};
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 ${FONT_STACK}; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 20px 40px; }
header.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 14px; margin-bottom: 14px; }
header.top h1 { font-size: 22px; margin: 0; font-weight: 650; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: 13px; }
.meta code { font-size: 12px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 650;
  letter-spacing: .02em; text-transform: uppercase; border: 1.5px solid currentColor; background: #fff; }
.badge.running { color: var(--blue); }
.badge.done { color: #006b4f; }
.badge.failed { color: #a33f00; }
.badge.interrupted { color: #8a5f00; }
.updated { margin-left: auto; color: var(--muted); font-size: 13px; }
.updated.stale { color: #a33f00; font-weight: 600; }
.banner { border: 1px solid var(--line); border-left: 6px solid var(--blue); background: var(--card);
  border-radius: 8px; padding: 12px 16px; margin-bottom: 14px; }
.banner h2 { margin: 0 0 4px; font-size: 16px; }
.banner p { margin: 4px 0 0; }
.banner.failed { border-left-color: var(--red); background: #fff5ef; }
.banner.failed .reason { font-size: 16px; font-weight: 600; color: #7a2e00; overflow-wrap: anywhere;
  white-space: pre-wrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.banner.interrupted { border-left-color: var(--orange); background: #fff9ec; }
.banner.done { border-left-color: var(--green); background: #f0faf6; }
.banner.waiting { border-left-color: var(--sky); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin-bottom: 14px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 0; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.kpi .sub { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.progress { height: 6px; background: #e6e9ed; border-radius: 3px; margin-top: 6px; overflow: hidden; }
.progress > span { display: block; height: 100%; background: var(--blue); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 14px; margin-bottom: 14px; }
.grid.two { grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); }
.grid.two .plot, .grid.two .plot-empty { height: 340px; }
.grid.two .card.span { grid-column: 1 / -1; }
.stack { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.card h2 { font-size: 15px; margin: 0 0 6px; font-weight: 650; }
.card h2 .hint, .card h3 .hint { font-weight: 400; color: var(--muted); font-size: 12px; margin-left: 6px; }
.card > p.hint { margin: -4px 0 6px; color: var(--muted); font-size: 12px; }
.card h3 { font-size: 13px; margin: 12px 0 6px; font-weight: 650; }
.card.wide { margin-bottom: 14px; }
.coverage { margin: 6px 0 0; font-size: 13px; font-variant-numeric: tabular-nums; }
.mols { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; }
.mol { margin: 0; border: 1px solid #e6e9ed; border-radius: 8px; padding: 6px 8px 8px; background: #fff; min-width: 0; }
.mol-img, .mol-none { display: block; width: 100%; height: auto; aspect-ratio: 220 / 160; }
.mol-none { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 12px;
  background: #f7f8fa; border-radius: 6px; }
.mol figcaption { font-size: 12px; line-height: 1.35; font-variant-numeric: tabular-nums; }
.mol-head { display: flex; gap: 6px; align-items: baseline; margin-top: 2px; }
.mol-rank { font-weight: 700; color: var(--blue); }
.mol-id { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 1; }
.mol-gen { color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 11px; }
.mol-label { display: flex; gap: 5px; align-items: baseline; }
.mol-label b { font-size: 14px; flex: none; }
.mol-lname { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.mol-pred { color: var(--muted); }
.mol-failed { color: #a33f00; }
.mol-smiles { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 11px;
  color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.plot { height: 300px; }
.plot-empty { height: 300px; display: flex; align-items: center; justify-content: center; color: var(--muted);
  background: repeating-linear-gradient(135deg, #fafbfc 0 10px, #f3f5f7 10px 20px); border-radius: 6px; text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #edf0f2; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; white-space: nowrap; border-bottom-color: var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px;
  word-break: break-all; }
td.id { overflow-wrap: anywhere; }
td.time, td.kind { width: 1%; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
td.kind { white-space: nowrap; }
.kind-tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef1f4; font-size: 12px; }
.kind-tag.bad { background: #fde8dc; color: #7a2e00; }
td.msg { overflow-wrap: anywhere; }
ul.failures { margin: 0; padding-left: 18px; }
ul.failures li { margin: 3px 0; overflow-wrap: anywhere; }
.none { color: var(--muted); font-style: italic; margin: 6px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 8px; overflow-wrap: anywhere; }
@media (max-width: 640px) { .grid, .grid.two { grid-template-columns: 1fr; } main { padding: 12px; } }
`;
