/** The report's stylesheet, inlined into the page (the file must work offline). */
export const HTML_REPORT_STYLE = `
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;--err:#dc2626;--warn:#d97706;--ok:#059669;
--d0:#2563eb;--d1:#ea580c;--d2:#16a34a;--d3:#9333ea;--d4:#0891b2;--d5:#db2777}
*{box-sizing:border-box}
body{margin:0;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:18px 16px 8px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:15px;margin:22px 0 8px;display:flex;gap:8px;align-items:baseline}
h2 .count{color:var(--muted);font-weight:400;font-size:13px}
.sub{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0 4px}
.chip{display:inline-flex;align-items:center;gap:6px;background:var(--card);border:1px solid var(--line);border-radius:999px;padding:3px 10px}
.lgroup{display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;border:1px solid var(--line);border-radius:12px;padding:4px 6px 4px 10px;background:#f1f5f9}
.gname{font-weight:600;margin-right:2px;overflow-wrap:anywhere}
.sw{width:10px;height:10px;border-radius:2px;display:inline-block}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:18px}
.card.err b{color:var(--err)} .card.warn b{color:var(--warn)}
.controls{position:sticky;top:0;z-index:5;background:rgba(248,250,252,.96);backdrop-filter:blur(2px);border-bottom:1px solid var(--line);
padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center}
.controls label{display:inline-flex;align-items:center;gap:5px;color:#374151}
.controls input[type=search]{width:180px;padding:5px 8px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
.controls input[type=number]{width:60px;padding:4px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
.controls select{padding:4px 6px;border:1px solid #cbd5e1;border-radius:6px;font:inherit;background:#fff}
.seg{display:inline-flex;border:1px solid #cbd5e1;border-radius:6px;overflow:hidden}
.seg button{border:0;background:#fff;padding:4px 10px;font:inherit;cursor:pointer;color:#374151}
.seg button+button{border-left:1px solid #cbd5e1}
.seg button.on{background:#1e40af;color:#fff}
main{padding:0 16px 40px}
.tbox{max-width:100%}
.tbox.scroll{overflow-x:auto}
.tbox.scroll table.feats th{top:0}
td.dscell{max-width:180px}
.dsname{overflow:hidden;text-overflow:ellipsis}
.dsname.group{font-weight:600}
.dsname.slice{padding-left:14px}
.date{white-space:nowrap}
.banner{border-radius:8px;padding:10px 14px;margin:10px 0;border:1px solid #fecaca;background:#fef2f2}
table.feats{width:100%;border-collapse:separate;border-spacing:0;background:var(--card);border:1px solid var(--line);border-radius:8px}
table.feats th{position:sticky;top:var(--ctl-h,48px);z-index:2;background:#f1f5f9;text-align:left;font-weight:600;font-size:12px;color:#475569;
padding:6px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
table.feats th.num,table.feats td.num{text-align:right;font-variant-numeric:tabular-nums}
table.feats td{padding:6px 7px;border-bottom:1px solid #f1f5f9;vertical-align:top}
tr.feat{cursor:pointer}
tr.feat:hover td{background:#f8fafc}
tr.feat.sev-ERROR td:first-child{box-shadow:inset 4px 0 0 var(--err)}
tr.feat.sev-WARNING td:first-child,tr.feat.sev-UNKNOWN td:first-child{box-shadow:inset 4px 0 0 var(--warn)}
.fname{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;overflow-wrap:anywhere}
td.fcell{min-width:140px;max-width:260px}
td.dcell{min-width:110px;max-width:160px}
.drift-v{white-space:nowrap}
.dsub{font-size:11px}
.badges{display:flex;flex-wrap:wrap;gap:4px;margin-top:3px}
.b{font-size:11px;border-radius:4px;padding:0 5px;border:1px solid var(--line);color:#475569;background:#fff;white-space:nowrap}
.b.err{color:#fff;background:var(--err);border-color:var(--err)}
.b.warn{color:#fff;background:var(--warn);border-color:var(--warn)}
.b.absent{color:#9a3412;background:#ffedd5;border-color:#fdba74}
.b.drift{color:#991b1b;background:#fee2e2;border-color:#fca5a5}
.ds{white-space:nowrap;min-height:19px}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;vertical-align:middle}
.ds+.ds{margin-top:2px}
.miss-some{color:#b45309}
.miss-hi{color:var(--err);font-weight:600}
.absent-v{color:#9a3412;font-style:italic}
.muted{color:var(--muted)}
.drift-v{font-weight:600} .drift-v.bad{color:var(--err)} .drift-v.ok{color:var(--ok)}
td.chart{width:250px}
td.chart svg{display:block}
@media (max-width:1440px){td.chart{width:180px;min-width:150px}td.chart svg{width:100%;height:auto}
table.feats td{padding:5px 5px}table.feats th{padding:6px 5px}}
svg text{font:10px system-ui,sans-serif;fill:#64748b}
tr.anom td{background:#fffbeb;border-bottom:1px solid #fde68a;padding:6px 8px 8px 14px}
tr.anom.sev-ERROR td{background:#fef2f2;border-bottom-color:#fecaca}
.anom-h{font-weight:600}
.fix{margin-top:3px}
.fix b{color:#065f46}
tr.detail td{background:#fafafa;padding:12px 16px}
.dwrap{width:0;min-width:100%;overflow-x:auto}
.dgrid{display:flex;flex-wrap:wrap;gap:18px}
.dgrid>div{min-width:260px}
.dgrid h4{margin:0 0 6px;font-size:12px;color:#475569;text-transform:uppercase;letter-spacing:.03em}
table.kv{border-collapse:collapse}
table.kv td,table.kv th{padding:2px 10px 2px 0;border:0;text-align:right;font-weight:400;white-space:nowrap}
table.kv td:first-child,table.kv th:first-child{text-align:left;color:var(--muted)}
pre.schema{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px;font-size:12px;max-width:min(520px,100%);overflow:auto}
pre.schema .add{background:#dcfce7;display:block} pre.schema .del{background:#fee2e2;display:block}
.sentinel{height:1px}
.empty{padding:16px;color:var(--muted)}
.more{color:var(--muted);font-size:12px;padding:6px 8px}
footer{color:var(--muted);padding:8px 16px 24px;font-size:12px}
`;
