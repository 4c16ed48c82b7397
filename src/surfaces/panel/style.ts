/**
 * The panel's one stylesheet, served by the Worker at /admin/panel.css so the CSP can say
 * `style-src 'self'` with no inline style at all. Plain, readable, one column on a phone.
 */
export const PANEL_CSS = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0550ae;--danger:#a40e26;--ok:#116329}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0969da;outline-offset:2px}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#24292f;color:#fff}
header.top a{color:#fff;text-decoration:none}
header.top .brand{font-weight:700;margin-right:auto}
header.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem;list-style:none;margin:0;padding:0}
header.top nav a[aria-current=page]{text-decoration:underline;text-underline-offset:4px}
header.top form{margin:0}
header.top button{background:transparent;color:#fff;border:1px solid #8c959f}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);font-weight:600}
.table-wrap{overflow-x:auto}
form.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
.actions form{margin:0}
button,.button{font:inherit;padding:.35rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--soft);color:var(--fg);cursor:pointer;text-decoration:none;display:inline-block}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{background:var(--danger);border-color:var(--danger);color:#fff}
input[type=text],input[type=search],input[type=password],input[type=number],select{font:inherit;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:6px;max-width:100%}
label{font-weight:600}
.field{display:flex;flex-direction:column;gap:.2rem;margin:0 0 .8rem}
.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end;margin-bottom:1rem}
.filters .field{margin:0}
.checks{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:0 0 .8rem}
.checks label{font-weight:400}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.75rem;margin:0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:var(--soft)}
.cards .n{display:block;font-size:1.6rem;font-weight:700}
.status{padding:.5rem .8rem;border-radius:6px;background:#dafbe1;color:var(--ok);border:1px solid #aceebb}
.error{padding:.5rem .8rem;border-radius:6px;background:#ffebe9;color:var(--danger);border:1px solid #ffcecb}
.muted{color:var(--muted)}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.fields dt{font-weight:600}
dl.fields dd{margin:0;overflow-wrap:anywhere}
.login{max-width:22rem;margin:3rem auto}
.chart{width:100%;height:auto;max-width:48rem;border:1px solid var(--line);border-radius:8px}
.tag{display:inline-block;padding:0 .4rem;border-radius:4px;background:#ddf4ff;color:#0a3069;font-size:.85rem;margin-right:.2rem}
.tag.bad{background:#ffebe9;color:var(--danger)}
.preview{max-width:40rem;white-space:pre-wrap;overflow-wrap:anywhere}
.bulk{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
th a{color:inherit}
th[aria-sort] a{color:var(--accent)}
textarea,input[type=email]{font:inherit;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:6px;max-width:100%}
textarea{width:100%}
[aria-invalid=true]{border-color:var(--danger)}
ul.affected{max-height:20rem;overflow:auto;border:1px solid var(--line);border-radius:6px;padding:.5rem 2rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){
  main{padding:.75rem}
  table.stack thead{display:none}
  table.stack tr{display:block;border-bottom:2px solid var(--line);padding:.3rem 0}
  table.stack td{display:block;border:0;padding:.15rem .25rem}
  table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
  dl.fields{grid-template-columns:1fr}
}
`;
