namespace Legion.Host;

/// <summary>
/// The live status page served at <c>GET /</c> of the control endpoint: every legion of this node, its Lord, each
/// member's valor, uuid, name, vote and last-seen time, and a timeline of recent events. It polls
/// <c>/api/legions</c> every second (with <c>Authorization: Bearer</c> when the URL ends in <c>#token=TOKEN</c>;
/// a fragment never reaches the server, so the token is in no request line or log). Self-contained: no external
/// script, style or font. Stable element ids for tests: <c>lord-LEGION</c>, <c>members-LEGION</c>, <c>timeline</c>,
/// <c>updated</c>, and <c>health-LEGION</c> (each <c>legion-health</c> check, its state and last result) when the
/// legion has health checks; a member row that announces itself as Lord while this node follows another has the class
/// <c>claims</c>, and this node's row the class <c>self</c>.
/// </summary>
/// <remarks>
/// Besides <c>/api/legions</c> the page reads the stats document (<c>/status</c>, uWSGI's <c>legions</c> array) for
/// what only it carries: this node's own vote (<c>lord_valor</c>, <c>lord_uuid</c>, which it announces even while
/// members disagree and no Lord is agreed) and each member's <c>lord</c> (the time it announced it became Lord, 0 when
/// it does not claim lordship). Without it (an older node, an error) the page falls back to what it showed before.
/// </remarks>
internal static class StatusPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>legion status</title>
        <style>
          :root { color-scheme: dark; scrollbar-color: #3a4756 #0f1419; --bg:#0f1419; --panel:#171e26; --line:#26313d; --text:#d7dde4; --dim:#8593a3; --lord:#f2c14e; --ok:#4fbf73; --warn:#e0a030; --bad:#e05d5d; }
          * { box-sizing: border-box; }
          body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
          header { display:flex; align-items:baseline; gap:16px; padding:14px 24px; border-bottom:1px solid var(--line); }
          header h1 { font-size:18px; margin:0; letter-spacing:.5px; }
          header .dim { color: var(--dim); }
          #updated.stale { color: var(--bad); }
          main { display:grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 1fr); gap:20px; padding:20px 24px; }
          section.legion { background: var(--panel); border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin-bottom:20px; }
          .legion h2 { margin:0 0 8px; font-size:16px; display:flex; gap:10px; align-items:center; }
          .badge { font-size:11px; padding:2px 8px; border-radius:10px; border:1px solid currentColor; text-transform:uppercase; letter-spacing:.6px; }
          .quorate { color: var(--ok); } .disagreement, .none { color: var(--warn); } .noquorum, .down { color: var(--bad); }
          .lordline { font-size:22px; margin:6px 0 10px; }
          .lordline .crown { color: var(--lord); }
          .lordline .name { color: var(--lord); font-weight:600; }
          .facts { color: var(--dim); margin-bottom:12px; }
          .facts b { color: var(--text); font-weight:500; }
          table { width:100%; border-collapse:collapse; font-size:13px; }
          th { text-align:left; color: var(--dim); font-weight:500; border-bottom:1px solid var(--line); padding:6px 8px; }
          td { border-bottom:1px solid var(--line); padding:6px 8px; vertical-align:top; }
          tr.lord td { background: rgba(242,193,78,.08); }
          tr.self td:first-child::after { content:" (this node)"; color: var(--dim); }
          code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color:#b8c4d0; }
          .fresh { color: var(--ok); } .late { color: var(--warn); }
          aside { background: var(--panel); border:1px solid var(--line); border-radius:8px; padding:16px 18px; align-self:start; }
          aside h2 { margin:0 0 10px; font-size:15px; }
          #timeline { list-style:none; margin:0; padding:0 6px 0 0; max-height:75vh; overflow:auto; scrollbar-color: #3a4756 var(--panel); }
          tr.claims td { background: rgba(224,160,48,.10); }
          .claim { color: var(--warn); font-size:12px; margin-left:6px; }
          #timeline li { padding:5px 0; border-bottom:1px solid var(--line); }
          #timeline time { color: var(--dim); font: 12px ui-monospace, monospace; margin-right:6px; }
          #timeline .k-lord, #timeline .k-view { color: var(--lord); }
          #timeline .k-node-left, #timeline .k-action, #timeline .k-unlord, #timeline .k-step-down, #timeline .k-valor { color: var(--warn); }
          #error { color: var(--bad); padding: 0 24px; }
        </style>
        </head>
        <body>
        <header><h1>&#9876; legion</h1><span class="dim" id="node"></span><span class="dim">updated <span id="updated">never</span></span></header>
        <div id="error"></div>
        <main><div id="legions"></div><aside><h2>Timeline</h2><ul id="timeline"></ul></aside></main>
        <script>
        "use strict";
        const token = new URLSearchParams(location.hash.slice(1)).get("token");
        const headers = token ? { "Authorization": "Bearer " + token } : {};
        let lastOk = 0;
        const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&":"&amp;", "<":"&lt;", ">":"&gt;", '"':"&quot;", "'":"&#39;" }[c]));
        const ago = ms => { const s = Math.max(0, (Date.now() - ms) / 1000); return s < 1 ? "now" : s < 90 ? s.toFixed(0) + " s ago" : (s / 60).toFixed(0) + " min ago"; };
        const clock = ms => new Date(ms).toLocaleTimeString([], { hour12:false });
        const id = s => String(s).replace(/[^A-Za-z0-9_-]/g, "_");
        function verdict(l) {
          if (!l.running) return ["down", "not running"];
          if (l.verdict === "quorate") return ["quorate", "quorum: " + l.votes + (l.quorum ? " of " + l.quorum : "") + (l.votes === 1 ? " vote" : " votes")];
          if (l.verdict === "noquorum") return ["noquorum", "no quorum: " + l.votes + " of " + l.quorum];
          if (l.verdict === "disagreement") return ["disagreement", "members disagree"];
          return ["none", "electing"];
        }
        function health(l) {
          if (!l.health || !l.health.length) return "";
          const failing = l.health.filter(h => h.state === "failing");
          const list = l.health.map(h => `<li class="${h.state === "failing" ? "late" : "fresh"}">${esc(h.name)}: ${esc(h.state)}${h.detail ? " <span class=dim>(" + esc(h.detail) + ")</span>" : ""}${h.state === "failing" ? " &middot; " + esc(h.penalty) : ""}</li>`).join("");
          return `<div class="facts" id="health-${id(l.legion)}">health: ${failing.length ? failing.length + " failing" : "all passing"}${l.self && l.baseValor !== l.self.valor ? " &middot; base valor <b>" + l.baseValor + "</b>" : ""}<ul>${list}</ul></div>`;
        }
        const noVote = u => !u || /^\0*$/.test(u);
        function legion(l, stats) {
          const [cls, text] = verdict(l);
          const lord = l.lord;
          // This legion in the stats document, when it is this node's current identity there.
          const st = l.self && stats && Array.isArray(stats.legions) ? stats.legions.find(x => x.legion === l.legion && x.uuid === l.self.uuid) : null;
          const nameOf = (valor, uuid) => l.self && l.self.uuid === uuid && l.self.valor === valor ? l.self.name
                                        : (l.members.find(m => m.uuid === uuid && m.valor === valor) || {}).name;
          const ownVote = st ? (noVote(st.lord_uuid) ? null : { name: nameOf(st.lord_valor, st.lord_uuid), valor: st.lord_valor, uuid: st.lord_uuid })
                             : l.lord && l.hasQuorum ? { name: l.lord.name, valor: l.lord.valor } : null;
          const claims = m => { const s = st && st.members.find(x => x.uuid === m.uuid && x.valor === m.valor); return !!(s && s.lord > 0); };
          const lordText = lord ? `<span class="crown">&#9813;</span> Lord: <span class="name" id="lord-${id(l.legion)}" data-uuid="${esc(lord.uuid)}">${esc(lord.name ?? lord.uuid)}</span> <span class="dim">valor ${lord.valor}${lord.isSelf ? " &middot; this node" : ""}</span>`
                                 : `<span id="lord-${id(l.legion)}" class="dim">no Lord</span>`;
          const rows = [];
          if (l.self) rows.push({ name:l.self.name, valor:l.self.valor, uuid:l.self.uuid, vote: ownVote, lastSeen: l.at, isLord: l.isLord, self: true });
          for (const m of l.members) rows.push(Object.assign({}, m, { claims: !m.isLord && claims(m) }));
          const body = rows.map(m => `<tr class="${m.isLord ? "lord" : ""} ${m.self ? "self" : ""} ${m.claims ? "claims" : ""}">
              <td>${m.isLord ? "&#9813; " : ""}${esc(m.name)}${m.claims ? ' <span class="claim" title="announces itself as Lord; this node follows another">&#9813; claims lordship</span>' : ""}</td><td>${m.valor === 0 ? "0 <span class=dim>(arbiter)</span>" : m.valor}</td>
              <td><code>${esc(m.uuid)}</code></td>
              <td>${m.vote ? esc(m.vote.name ?? m.vote.uuid) + ` <span class="dim">(${m.vote.valor})</span>` : '<span class="dim">none</span>'}</td>
              <td class="${(Date.now() - m.lastSeen) < 5000 ? "fresh" : "late"}">${m.self ? "self" : ago(m.lastSeen)}</td></tr>`).join("");
          return `<section class="legion" id="legion-${id(l.legion)}">
            <h2>${esc(l.legion)} <span class="badge ${cls}">${esc(text)}</span></h2>
            <div class="lordline">${lordText}</div>
            <div class="facts">this node <b>${esc(l.self?.name)}</b> valor <b>${l.self?.valor ?? "-"}</b>${l.isLord ? " &middot; <b>Lord</b> since " + clock(l.lordSince * 1000) : ""}${l.scroll ? " &middot; scroll <code>" + esc(l.scroll) + "</code>" : ""}${lord && lord.scroll && !lord.isSelf ? " &middot; Lord scroll <code>" + esc(lord.scroll) + "</code>" : ""}</div>
            ${health(l)}
            <table id="members-${id(l.legion)}"><thead><tr><th>Node</th><th>Valor</th><th>UUID</th><th>Vote</th><th>Last seen</th></tr></thead><tbody>${body}</tbody></table>
          </section>`;
        }
        async function refresh() {
          try {
            const [response, stats] = await Promise.all([
              fetch("api/legions", { headers, cache: "no-store" }),
              fetch("status", { headers, cache: "no-store" }).then(r => r.ok ? r.json() : null).catch(() => null)]);
            if (!response.ok) throw new Error(response.status === 401 ? "401: open this page with #token=TOKEN" : "HTTP " + response.status);
            const data = await response.json();
            document.getElementById("node").textContent = "pid " + data.pid + " · " + data.version;
            document.getElementById("legions").innerHTML = data.legions.map(l => legion(l, stats)).join("");
            document.getElementById("timeline").innerHTML = data.timeline.slice().reverse().map(e =>
              `<li class="k-${esc(e.kind)}"><time>${clock(e.at)}</time><b>${esc(e.legion)}</b> ${esc(e.text)}</li>`).join("");
            document.getElementById("error").textContent = "";
            lastOk = Date.now();
          } catch (e) {
            document.getElementById("error").textContent = "cannot reach the node: " + e.message;
          }
          const updated = document.getElementById("updated");
          updated.textContent = lastOk ? clock(lastOk) : "never";
          updated.className = lastOk && Date.now() - lastOk < 5000 ? "" : "stale";
        }
        refresh();
        setInterval(refresh, 1000);
        </script>
        </body>
        </html>
        """;
}
