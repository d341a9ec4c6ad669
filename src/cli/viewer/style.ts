/**
 * The viewer's one stylesheet, inlined in every page (the Content-Security-
 * Policy allows inline style and nothing else): a reading column of
 * message cards, folded tool calls and results, rendered Markdown, in the
 * light or dark colors the system asks for.
 *
 * @module
 */

/** The CSS of every page. */
export const CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --surface: #ffffff; --text: #1f2328; --muted: #656d76;
  --line: #d9dee4; --soft: #eef1f4; --accent: #0a66d1; --code: #f1f3f5;
  --user: #eaf3ff; --user-line: #b9d5f7; --mark: #ffe58a; --mark-text: #1f2328;
  --user-role: #0b72b9; --model-role: #1a7f37; --tool-role: #8250df; --system-role: #6e7781;
  --error: #c62828; --error-bg: #fdecea;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --surface: #161b22; --text: #e6edf3; --muted: #8d96a0;
    --line: #30363d; --soft: #1c2129; --accent: #4c9bf5; --code: #1c2129;
    --user: #132339; --user-line: #24426b; --mark: #806a12; --mark-text: #fff8dc;
    --user-role: #58b4f0; --model-role: #4fc26b; --tool-role: #b392f0; --system-role: #8d96a0;
    --error: #ff7b72; --error-bg: #3a1d1d;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .88em; }
header.top { position: sticky; top: 0; z-index: 1; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap;
  padding: .55rem 1.2rem; background: var(--surface); border-bottom: 1px solid var(--line); }
header.top a.home { font-weight: 650; color: inherit; }
header.top .db { color: var(--muted); font-size: .82em; overflow-wrap: anywhere; }
header.top form { margin-left: auto; display: flex; gap: .4rem; }
input[type=search] { width: 18rem; max-width: 60vw; padding: .35rem .6rem; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: inherit; font: inherit; }
button { padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); color: inherit; font: inherit; cursor: pointer; }
main { padding: 1.2rem; max-width: 62rem; margin: 0 auto; }
h1 { font-size: 1.45rem; margin: .2rem 0 .6rem; overflow-wrap: anywhere; }
.muted, time { color: var(--muted); }
time { font-size: .92em; white-space: nowrap; }
.notice { border: 1px solid var(--error); background: var(--error-bg); color: var(--text); border-radius: 8px; padding: .5rem .8rem; margin: .6rem 0; }
.notice strong { color: var(--error); }
.error { color: var(--error); }
nav.pages { margin: .8rem 0; display: flex; gap: .6rem 1.2rem; align-items: center; flex-wrap: wrap; font-size: .92em; }
nav.pages .where { color: var(--muted); }
nav.pages a { padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--surface); }
/* The session list */
table.sessions { border-collapse: collapse; width: 100%; background: var(--surface); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
table.sessions th, table.sessions td { text-align: left; padding: .5rem .8rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.sessions tr:last-child td { border-bottom: 0; }
table.sessions th { font-size: .75em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: var(--soft); }
table.sessions tbody tr:hover { background: var(--soft); }
table.sessions a.title { font-weight: 600; overflow-wrap: anywhere; }
table.sessions .untitled { color: var(--muted); font-style: italic; font-weight: 400; }
table.sessions .sid { display: block; font-size: .8em; overflow-wrap: anywhere; }
table.sessions .sid a { color: var(--muted); }
table.sessions .num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* A session's facts and usage */
.facts { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; color: var(--muted); font-size: .9em; margin-bottom: .8rem; }
.facts b { color: var(--text); font-weight: 600; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem; margin: .6rem 0 .8rem; }
.stat { background: var(--surface); border: 1px solid var(--line); border-radius: 8px; padding: .35rem .8rem; min-width: 7rem; }
.stat .v { display: block; font-size: 1.15em; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .k { display: block; font-size: .75em; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
details.metadata { margin: .4rem 0 .8rem; font-size: .9em; }
details.metadata pre { background: var(--code); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; overflow: auto; max-height: 20rem; }
/* Messages */
article.msg { background: var(--surface); border: 1px solid var(--line); border-radius: 12px; padding: .65rem 1rem .55rem; margin: .8rem 0; scroll-margin-top: 4rem; }
article.msg:target { outline: 2px solid var(--accent); outline-offset: 2px; }
article.role-user { background: var(--user); border-color: var(--user-line); margin-left: 3rem; }
article.role-tool, article.role-system { padding-top: .5rem; }
article.msg > header { display: flex; gap: .55rem; align-items: baseline; flex-wrap: wrap; font-size: .82em; margin-bottom: .3rem; }
article.msg > header .seq { color: var(--muted); font-variant-numeric: tabular-nums; }
.role { font-weight: 700; text-transform: uppercase; letter-spacing: .05em; font-size: .92em; }
.md li > ul, .md li > ol { margin: .15em 0; }
.role-user .role { color: var(--user-role); } .role-model .role { color: var(--model-role); }
.role-tool .role { color: var(--tool-role); } .role-system .role { color: var(--system-role); }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; color: var(--muted); white-space: nowrap; }
.chip.tokens { margin-left: auto; font-variant-numeric: tabular-nums; }
.item { margin: .35rem 0; }
.label { font-size: .74em; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); white-space: nowrap; }
.failed .label, .retry .label { color: var(--error); }
.size { color: var(--muted); font-size: .85em; white-space: nowrap; margin-left: auto; padding-left: .4rem; }
.note { color: var(--muted); font-size: .92em; overflow-wrap: anywhere; }
details > summary { cursor: pointer; list-style: none; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: "▸"; color: var(--muted); display: inline-block; width: 1em; flex: none; }
details[open] > summary::before { content: "▾"; }
details.fold { border: 1px solid var(--line); border-radius: 8px; background: var(--code); }
details.fold > summary { display: flex; gap: .5rem; align-items: baseline; padding: .3rem .6rem; font-size: .9em; min-width: 0; }
details.fold > summary .preview { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
details.fold > summary code { font-size: .92em; }
details.fold > summary code.name { flex: none; }
details.fold[open] > summary { border-bottom: 1px solid var(--line); }
details.fold > pre, details.fold > .md { margin: 0; padding: .55rem .8rem; max-height: 36rem; overflow: auto; }
details.fold > pre { font-size: 12.5px; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
details.thinking, details.prompt { background: transparent; border-style: dashed; }
details.thinking .md, details.prompt .md { color: var(--muted); }
details.more { margin-top: .3rem; }
details.more > summary { color: var(--accent); font-size: .9em; }
article.msg { position: relative; }
article.msg > header { padding-right: 6.5rem; }
details.raw { font-size: .8em; }
details.raw > summary { color: var(--muted); position: absolute; top: .72rem; right: 1rem; white-space: nowrap; }
details.raw > summary:hover { color: var(--accent); }
details.raw[open] { margin-top: .5rem; }
details.raw > pre { background: var(--code); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; margin: .3rem 0; max-height: 30rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
.broken { border-color: var(--error); }
/* Rendered Markdown */
.md { overflow-wrap: anywhere; }
.md > :first-child { margin-top: 0; } .md > :last-child { margin-bottom: 0; }
.md p, .md ul, .md ol, .md blockquote, .md pre, .md .table { margin: .5em 0; }
.md h1, .md h2, .md h3, .md h4, .md h5, .md h6 { margin: .9em 0 .35em; line-height: 1.3; }
.md h1 { font-size: 1.3em; } .md h2 { font-size: 1.17em; } .md h3 { font-size: 1.05em; } .md h4, .md h5, .md h6 { font-size: 1em; }
.md ul, .md ol { padding-left: 1.6em; }
.md ol { list-style: none; }
.md ol > li { position: relative; }
.md ol > li > .n { position: absolute; left: -2.2em; width: 1.9em; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
.md li + li { margin-top: .15em; }
.md code { background: var(--code); border-radius: 4px; padding: .08em .3em; }
.md pre { background: var(--code); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; overflow-x: auto; line-height: 1.45; }
.md pre code { background: none; padding: 0; font-size: .95em; }
.md blockquote { border-left: 3px solid var(--line); padding: 0 0 0 .9em; color: var(--muted); margin-left: 0; }
.md hr { border: 0; border-top: 1px solid var(--line); }
.md .table { overflow-x: auto; }
.md table { border-collapse: collapse; }
.md th, .md td { border: 1px solid var(--line); padding: .3rem .6rem; }
.md th { background: var(--soft); }
.md .al-center { text-align: center; } .md .al-right { text-align: right; } .md .al-left { text-align: left; }
/* Search */
ol.hits { list-style: none; padding: 0; margin: 0; }
ol.hits li { background: var(--surface); border: 1px solid var(--line); border-radius: 10px; padding: .6rem .9rem; margin: .6rem 0; }
ol.hits .hit-head { display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; font-size: .9em; }
ol.hits a.title { font-weight: 600; font-size: 1.05em; overflow-wrap: anywhere; }
ol.hits .sid { color: var(--muted); overflow-wrap: anywhere; }
ol.hits .snippet { margin-top: .3rem; color: var(--text); overflow-wrap: anywhere; }
mark { background: var(--mark); color: var(--mark-text); border-radius: 3px; padding: 0 .1em; }
@media (max-width: 640px) { article.role-user { margin-left: 0; } main { padding: .8rem; } }
`;
