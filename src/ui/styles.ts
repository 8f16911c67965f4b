// The one stylesheet, served by the Worker at /static/app.css (no CDN). Mobile first;
// contrast meets WCAG 2.1 AA; line spacing >= 1.5 (>= 1.3 required for elder mode).
// Elder mode (长辈版) enlarges everything, raises contrast and underlines every link, so
// colour is never the only cue.

export const STYLESHEET = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--panel:#f4f6f8;--line:#c9ced6;--brand:#a4161a;--brand-ink:#fff;--link:#0b57a4;--ok:#1b6e20;--warn:#8a5300;--bad:#a4161a;--focus:#ffbf47;font-size:16px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--ink);background:var(--bg);line-height:1.6}
a{color:var(--link)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:var(--focus);color:#000;padding:.5rem 1rem;z-index:10}
.skip:focus{left:0}
header.site{background:var(--brand);color:var(--brand-ink)}
header.site a{color:var(--brand-ink)}
.bar{max-width:72rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
.brand small{display:block;font-weight:400;font-size:.8rem;opacity:.95}
.tools{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;font-size:.95rem}
.tools form{margin:0}
.linkbutton{background:none;border:0;padding:0;font:inherit;color:inherit;text-decoration:underline;cursor:pointer}
nav.main{background:#7d1013}
nav.main .navbar{margin:0 auto;padding:0 1rem;max-width:72rem;display:flex;align-items:flex-start;gap:0 1.25rem;position:relative}
nav.main ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 1.25rem;flex:1}
nav.main details.work summary{color:#fff;padding:.6rem 0;cursor:pointer;white-space:nowrap;border-bottom:3px solid transparent}
nav.main details.work summary.current{border-bottom-color:#fff;font-weight:700}
nav.main details.work ul{position:absolute;right:1rem;top:100%;z-index:5;display:block;background:#7d1013;padding:.25rem 1rem .5rem;min-width:14rem;box-shadow:0 4px 12px rgba(0,0,0,.25)}
@media (max-width:40rem){table.stacked thead{position:absolute;left:-9999px}table.stacked,table.stacked tbody,table.stacked tr,table.stacked td,table.stacked tbody th{display:block;width:100%}table.stacked tr{border:1px solid var(--line);border-radius:6px;padding:.4rem .75rem;margin:0 0 .75rem}table.stacked td,table.stacked tbody th{border:0;padding:.2rem 0;background:none}table.stacked [data-label]::before{content:attr(data-label);display:block;font-weight:600;font-size:.85rem;color:var(--muted)}.bar{padding:.4rem 1rem;gap:.2rem 1rem}.brand{line-height:1.3;font-size:1rem}.brand small{display:none}nav.main .navbar{align-items:center}nav.main a,nav.main details.work summary{line-height:1.4}.tools{flex-wrap:nowrap;overflow-x:auto;max-width:100%;font-size:.85rem;gap:.75rem;scrollbar-width:none}.tools>*{white-space:nowrap;flex:none}nav.main ul{flex-wrap:nowrap;overflow-x:auto;scrollbar-width:thin}nav.main a,nav.main details.work summary{padding:.45rem 0}nav.main li{white-space:nowrap}nav.main details.work ul{left:1rem;right:1rem}}
nav.main a{display:inline-block;padding:.6rem 0;color:#fff;text-decoration:none;border-bottom:3px solid transparent}
nav.main a[aria-current=page]{border-bottom-color:#fff;font-weight:700}
main{max-width:72rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.3;margin:.25rem 0 1rem}
h2{font-size:1.25rem;margin:1.75rem 0 .75rem}
p.lead{font-size:1.05rem;color:var(--muted);max-width:48rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem;padding:0;list-style:none}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:1rem}
.figure{font-size:2rem;font-weight:700;display:block}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel)}
.table-wrap{overflow-x:auto}
form.stack{max-width:32rem}
.field{margin:0 0 1rem}
.field label,.field legend{display:block;font-weight:600;margin-bottom:.25rem}
.field .hint{display:block;color:var(--muted);font-size:.9rem;margin-bottom:.25rem}
input[type=text],input[type=email],input[type=password],input[type=number],input[type=date],input[type=search],input[type=tel],input[type=file],select,textarea{width:100%;font:inherit;padding:.55rem .6rem;border:2px solid #5b6470;border-radius:4px;background:#fff;color:var(--ink)}
.field.invalid input,.field.invalid select,.field.invalid textarea{border-color:var(--bad)}
.field .error{display:block;color:var(--bad);font-weight:600;margin-bottom:.25rem}
.field .error::before{content:"✖ "}
fieldset{border:0;padding:0;margin:0 0 1rem}
.choice{margin:.25rem 0}.choice label{display:inline;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
.panel{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:1rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.prewrap{white-space:pre-wrap}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.2rem;border-radius:4px;border:2px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
/* Actions that stop or destroy something look unlike the page's main action. */
button.danger{background:#fff;color:var(--bad);border-style:dashed}
.notice{border-left:6px solid var(--link);background:#eef4fb;padding:.75rem 1rem;margin:0 0 1rem}
.notice.error{border-color:var(--bad);background:#fbeeee}
.notice.ok{border-color:var(--ok);background:#eef7ee}
.notice.warn{border-color:var(--warn);background:#fdf6e7}
.notice ul{margin:.25rem 0 0;padding-left:1.25rem}
svg.icon{vertical-align:-.125em;flex:none}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;border:1px solid currentColor;font-size:.85rem}
.badge.ok{color:var(--ok)}.badge.warn{color:var(--warn)}.badge.bad{color:var(--bad)}
svg.chart{width:100%;max-width:40rem;height:auto;display:block;margin:.5rem 0;font-family:inherit}
svg.chart text{fill:var(--ink)}
dl.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.35rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;white-space:pre-line}
.diff{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;margin:0;padding:0;list-style:none}
.diff li{padding:0 .35rem}
.diff ins{display:block;background:#e6f4e6;text-decoration:none}
.diff del{display:block;background:#fbe9e9;text-decoration:line-through}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0 1rem}
.actions form{margin:0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;list-style:none;padding:0}
section.panel{border:1px solid var(--line);border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}
.operator-bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:0 0 1rem}
.operator-bar form{margin:0}
p.hint{color:var(--muted);font-size:.9rem}
.steps{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.25rem 1rem .5rem;margin:0 0 1.25rem}
.steps h2{font-size:1.05rem;margin:.5rem 0}
.steps ol{margin:0;padding-left:1.5rem}
.steps li{margin:.2rem 0}
.steps li.done a::before{content:"✔ ";color:var(--ok)}
.steps li.current{font-weight:700}
.steps .state{color:var(--muted);font-size:.9rem}
.line-errors{max-height:24rem;overflow:auto}
td.actions form{display:inline-block;margin:0 .25rem .25rem 0}
td.actions button,td form button.secondary{padding:.25rem .6rem}
.link-output{font-family:ui-monospace,monospace;font-size:.9rem}
.logo-text{font-weight:700;color:var(--brand);letter-spacing:.1em;margin:0}
.choice .hint{margin-left:1.6rem}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.summary dd{margin:0}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem;align-items:end}
.summary-json{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all;max-width:24rem}
tr.group th,tr.group td{background:#fafbfc}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
footer.site div{max-width:72rem;margin:0 auto;padding:1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.badge.neutral{color:var(--muted)}
.badge.amber{color:#7a4a00;background:#fff4dc;border-color:#b87800}
.badge.red{color:#fff;background:var(--bad);border-color:var(--bad);font-weight:700}
.badges{display:flex;flex-wrap:wrap;gap:.35rem .5rem;margin:.25rem 0 .75rem}
.crumbs{font-size:.95rem;margin:0 0 .5rem}
.h3,h3{font-size:1.08rem;margin:1.25rem 0 .5rem}
.prose{white-space:pre-wrap;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:minmax(7rem,11rem) 1fr;gap:.35rem 1rem;margin:.5rem 0 1rem}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:36rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
ul.results{list-style:none;padding:0;margin:0}
li.result{border-bottom:1px solid var(--line);padding:.75rem 0}
li.result h3,li.result .h3{margin:0 0 .25rem;font-size:1.1rem}
.meta{color:var(--muted);font-size:.95rem;overflow-wrap:anywhere}
.overdue{color:var(--bad)}
form.search{max-width:none;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:1rem;margin:0 0 1rem}
form.search.inline,form.inline{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
form.search.inline .field{flex:1 1 16rem;margin:0}
details.filters{margin:0 0 .5rem}
details.filters>div{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem;margin-top:.5rem}
fieldset.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem;margin:0}
fieldset.filters legend{font-weight:600;margin-bottom:.5rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
ul.actions-list{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
nav.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1rem 0}
.choice{margin:.25rem 0}
.choice label{display:inline;font-weight:400}
.choices{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:0 1rem}
ol.timeline{margin:.5rem 0 0;padding-left:1.25rem;font-size:.95rem}
table.figures td{text-align:right;white-space:nowrap}
table.figures th.sub{font-weight:400;padding-left:1.5rem;background:none}
article.card{margin:0 0 1rem}
details{margin:.5rem 0}
summary{cursor:pointer;font-weight:600}
.field.score input[type=text]{margin-top:.35rem}
fieldset.score-area{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
fieldset.score-area legend{font-weight:700;padding:0 .25rem}
.card a{overflow-wrap:anywhere}
html.elder .badge{border-width:2px;font-size:1rem}
html.elder dl.facts{grid-template-columns:1fr}
html.elder{font-size:22px}
html.elder body{line-height:1.75;--ink:#000;--muted:#1b1b1b;--link:#003d80;--line:#000}
html.elder a{text-decoration:underline;text-decoration-thickness:2px}
html.elder nav.main a{text-decoration:underline}
html.elder input,html.elder select,html.elder textarea,html.elder button{border-width:3px}
@media (min-width:48rem){h1{font-size:1.9rem}}
.signoff .issuer{text-align:right;margin-top:1.5rem}
@media print{header.site,nav.main,.operator-bar,footer.site,.crumbs,form,#object,.skip{display:none}main{max-width:none;padding:0}body{font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;color:#000}h1{text-align:center;font-size:1.6rem}table.stacked thead{position:static}.badge{border:0;padding:0}.signoff .issuer{margin-top:3rem}a{color:#000;text-decoration:none}}
`;
